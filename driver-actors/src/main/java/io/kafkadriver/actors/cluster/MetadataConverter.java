/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.cluster;

import io.kafkadriver.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a Metadata response into the pieces of a {@link ClusterMetadata} snapshot. */
public final class MetadataConverter {
    private MetadataConverter() {
    }

    /**
     * The brokers of a response, by node id.
     *
     * @param response the response
     * @return the brokers
     */
    public static Map<Integer, BrokerAddress> brokers(MetadataResponse response) {
        Map<Integer, BrokerAddress> brokers = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
            brokers.put(b.nodeId(), new BrokerAddress(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        return brokers;
    }

    /**
     * The topics of a response. Partitions keep their leader as the broker reports it (-1 for none); a topic-level
     * error with no partitions yields an empty topic, which {@link ClusterMetadata#merge} drops.
     *
     * @param response the response
     * @return the topics
     */
    public static List<TopicState> topics(MetadataResponse response) {
        List<TopicState> topics = new ArrayList<>();
        for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
            if (t.name() == null) {
                continue;
            }
            List<PartitionState> partitions = new ArrayList<>(t.partitions().size());
            for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                partitions.add(new PartitionState(p.partitionIndex(), p.leaderId(), p.leaderEpoch(),
                        toArray(p.replicaNodes()), toArray(p.isrNodes()), p.errorCode()));
            }
            topics.add(new TopicState(t.name(), t.errorCode(), partitions, t.topicId() == null
                    ? io.kafkadriver.protocol.types.Uuid.ZERO : t.topicId()));
        }
        return topics;
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
