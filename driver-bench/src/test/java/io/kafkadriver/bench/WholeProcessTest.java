package io.kafkadriver.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole-process programs on small workloads: the broker command (run on a thread, stopped by the end of its
 * input) creates the topics and pre-fills one; whole-produce and whole-consume run with both clients against it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WholeProcessTest {
    private static final int RECORDS = 20_000;
    private static final Pattern BOOTSTRAP = Pattern.compile("bootstrap=(\\S+)");
    private static final CountDownLatch END_OF_INPUT = new CountDownLatch(1);
    private static final CompletableFuture<String> ADDRESS = new CompletableFuture<>();
    private static final StringBuffer BROKER_OUT = new StringBuffer();
    private static final CompletableFuture<Integer> BROKER_STATUS = new CompletableFuture<>();
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws Exception {
        // The broker command's output: complete ADDRESS once its bootstrap line was printed.
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                BROKER_OUT.append((char) b);
                if (b == '\n') {
                    Matcher m = BOOTSTRAP.matcher(BROKER_OUT);
                    if (m.find()) {
                        ADDRESS.complete(m.group(1));
                    }
                }
            }
        };
        // Its input: ends when the tests are done.
        InputStream input = new InputStream() {
            @Override
            public int read() {
                try {
                    END_OF_INPUT.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try {
                BROKER_STATUS.complete(new picocli.CommandLine(new WholeProcess.Broker(out, input)).execute(
                        "--topic", "kdb-wp-ours,kdb-wp-official", "--fill", "kdb-wc", "--records", "" + RECORDS));
            } catch (Throwable e) {
                BROKER_STATUS.completeExceptionally(e);
            }
        }, "whole-process-broker");
        t.start();
        bootstrap = CompletableFuture.anyOf(ADDRESS, BROKER_STATUS).thenApply(x -> ADDRESS.getNow(null))
                .get(50, TimeUnit.SECONDS);
        assertTrue(bootstrap != null, "the broker command ended: " + BROKER_OUT);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        END_OF_INPUT.countDown();
        assertEquals(0, BROKER_STATUS.get(50, TimeUnit.SECONDS), BROKER_OUT.toString());
        assertTrue(BROKER_OUT.toString().contains("filled kdb-wc with " + RECORDS + " records"), BROKER_OUT.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ours", "official"})
    void wholeProduceAcknowledgesEveryRecordAndPrintsTheSummary(String client) {
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), WholeProcess.rewrite(new String[] {"--mode",
            "whole-produce", "--client", client, "--bootstrap", bootstrap, "--topic", "kdb-wp-" + client,
            "--records", "" + RECORDS}));

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().matches("(?s)whole-produce client=" + client + " records=" + RECORDS + " of="
                + RECORDS + " wall_ms=\\d+ records_per_s=\\d+ startup_ms=\\d+ create_ms=\\d+\\R"), out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ours", "official"})
    void wholeConsumeReadsEveryRecordAndPrintsTheSummary(String client) {
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), "whole-consume", "--client", client, "--bootstrap",
                bootstrap, "--topic", "kdb-wc", "--records", "" + RECORDS);

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().matches("(?s)whole-consume client=" + client + " records=" + RECORDS + " of="
                + RECORDS + " wall_ms=\\d+ records_per_s=\\d+ startup_ms=\\d+ create_ms=\\d+\\R"), out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ours", "official"})
    void wholeConsumeFailsWhenTheTopicHoldsFewerRecords(String client) {
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), "whole-consume", "--client", client, "--bootstrap",
                bootstrap, "--topic", "kdb-wc", "--records", "" + (RECORDS + 1), "--timeout", "3");

        assertEquals(1, status, out.toString());
        assertTrue(out.toString().contains("records=" + RECORDS + " of=" + (RECORDS + 1)), out.toString());
        assertTrue(out.toString().contains("FAILED: " + RECORDS + " of " + (RECORDS + 1)), out.toString());
    }

    @Test
    void modeNamesTheSubcommands() {
        assertArrayEquals(new String[] {"broker", "--fill", "t"},
                WholeProcess.rewrite(new String[] {"--mode", "broker", "--fill", "t"}));
        assertArrayEquals(new String[] {"whole-consume", "--records", "1"},
                WholeProcess.rewrite(new String[] {"--records", "1", "--mode=Whole-Consume"}));
        assertArrayEquals(new String[] {"--mode", "produce"}, WholeProcess.rewrite(new String[] {"--mode", "produce"}));
    }
}
