/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.util.List;
import org.slf4j.Logger;

/** Reports acknowledged records to the listener, their callbacks and the accounting (discards: ProduceRouterActor). */
final class RecordOutcomes {
    private RecordOutcomes() {
    }

    /**
     * Reports a batch's records as acknowledged; a throwing listener or callback is logged and ignored.
     *
     * @param topic      the topic
     * @param partition  the partition
     * @param baseOffset the offset of the first record, or -1 when unknown (acks=0, a duplicate)
     * @param records    the batch's records, in order
     * @param listener   the producer's listener
     * @param accounting the accounting
     * @param log        where failures are logged
     */
    static void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records,
                             ProduceListener listener, ProducerAccounting accounting, Logger log) {
        try {
            listener.acknowledged(topic, partition, baseOffset, records);
        } catch (RuntimeException | Error e) {
            io.kafkadriver.actors.support.ListenerFailures.ignore(log, "a produce-acknowledged listener", null, e);
        }
        for (int i = 0, n = records.size(); i < n; i++) {
            OutgoingRecord r = records.get(i);
            if (r.callback != null) {
                try {
                    r.callback.acknowledged(r, baseOffset < 0 ? -1 : baseOffset + i);
                } catch (RuntimeException e) {
                    log.warn("a produce callback threw; ignored", e);
                }
            }
            if (r.encoder != null) {
                r.release(log);
            }
        }
        accounting.settle(records);
    }
}
