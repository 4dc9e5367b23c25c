/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.protocol.message.ProduceRequest;
import io.kafkadriver.protocol.message.ProduceResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** A Produce request being built or in flight: its broker and the partitions it carries. */
final class Request {
    final int node;
    final List<PartitionQueue> partitions = new ArrayList<>();
    final List<SealedBatch> batches = new ArrayList<>();
    int bytes;

    Request(int node) {
        this.node = node;
    }

    /**
     * The Produce request carrying this request's batches, one per partition, grouped by topic.
     *
     * @param acks          0, 1 or -1
     * @param brokerTimeout the broker-side timeout
     * @return the request
     */
    ProduceRequest toProduceRequest(short acks, Duration brokerTimeout) {
        Map<String, ProduceRequest.TopicProduceData> topics = new LinkedHashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            PartitionQueue q = partitions.get(i);
            topics.computeIfAbsent(q.topic, t -> new ProduceRequest.TopicProduceData().setName(t)
                    .setPartitionData(new ArrayList<>())).partitionData()
                    .add(new ProduceRequest.PartitionProduceData().setIndex(q.partition)
                            .setRecords(batches.get(i).data.duplicate()));
        }
        return new ProduceRequest().setAcks(acks)
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, brokerTimeout.toMillis()))
                .setTopicData(new ArrayList<>(topics.values()));
    }

    /**
     * Takes the batch this request carried for its i-th partition out of the partition's in-flight list.
     *
     * @param i the index among {@link #partitions}
     * @return the batch, or null when it was aborted meanwhile
     */
    SealedBatch takeInFlight(int i) {
        SealedBatch b = batches.get(i);
        return partitions.get(i).inFlight.remove(b) ? b : null;
    }

    /**
     * The answer of each partition a response names, by the batcher's queue.
     *
     * @param response the Produce response
     * @param queues   the batcher's queues
     * @return the answers; partitions the batcher does not know are left out
     */
    static Map<PartitionQueue, ProduceResponse.PartitionProduceResponse> answers(ProduceResponse response,
                                                                               PartitionQueues queues) {
        Map<PartitionQueue, ProduceResponse.PartitionProduceResponse> answers = new HashMap<>();
        for (ProduceResponse.TopicProduceResponse t : response.responses()) {
            for (ProduceResponse.PartitionProduceResponse p : t.partitionResponses()) {
                PartitionQueue q = queues.find(t.name(), p.index());
                if (q != null) {
                    answers.put(q, p);
                }
            }
        }
        return answers;
    }
}
