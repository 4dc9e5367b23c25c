package io.kafkadriver.actors.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kafkadriver.actors.produce.ProduceErrors.Verdict;
import io.kafkadriver.actors.produce.SequenceState.Decision;
import org.junit.jupiter.api.Test;

/** Issue 16: the verdict on a batch after its answer, with and without idempotence. */
class ProduceErrorsTest {

    @Test
    void withoutIdempotenceEveryCodeIsClassifiedAsBefore() {
        assertEquals(Verdict.ACKNOWLEDGE, ProduceErrors.verdict((short) 0, null, false));
        assertEquals(Verdict.ACKNOWLEDGE, ProduceErrors.verdict((short) 46, null, false));
        assertEquals(Verdict.RETRY, ProduceErrors.verdict((short) 7, null, false)); // counts against maxRetry
        assertEquals(Verdict.REFRESH_AND_RETRY, ProduceErrors.verdict((short) 6, null, false));
        assertEquals(Verdict.ACKNOWLEDGE, ProduceErrors.verdict((short) 20, null, false));
        assertEquals(Verdict.RETRY, ProduceErrors.verdict((short) 20, null, true));
        assertEquals(Verdict.DISCARD, ProduceErrors.verdict((short) 45, null, false));
        assertEquals(Verdict.DISCARD, ProduceErrors.verdict((short) 87, null, false));
    }

    @Test
    void anIdempotentBatchFollowsItsSequenceStateAndAnUnknownOutcomeUsesUpNoRetry() {
        assertEquals(Verdict.ACKNOWLEDGE, ProduceErrors.verdict((short) 46, Decision.ACKNOWLEDGE, false));
        for (Decision d : new Decision[] {Decision.RETRY_IN_ORDER, Decision.RETRY_AFTER_BUMP,
                Decision.RETRY_WITH_NEW_PRODUCER_ID}) {
            assertEquals(Verdict.RETRY_UNCOUNTED, ProduceErrors.verdict((short) 45, d, false), d.name());
        }
        assertEquals(Verdict.RETRY_UNCOUNTED, ProduceErrors.verdict((short) 7, Decision.CLASSIFY, false));
        assertEquals(Verdict.RETRY_UNCOUNTED, ProduceErrors.verdict((short) 13, Decision.CLASSIFY, false));
        assertEquals(Verdict.RETRY, ProduceErrors.verdict((short) 19, Decision.CLASSIFY, false));
        assertEquals(Verdict.REFRESH_AND_RETRY, ProduceErrors.verdict((short) 6, Decision.CLASSIFY, false));
        assertEquals(Verdict.DISCARD, ProduceErrors.verdict((short) 10, Decision.CLASSIFY, false));
    }
}
