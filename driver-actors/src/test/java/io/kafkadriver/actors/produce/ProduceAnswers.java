package io.kafkadriver.actors.produce;

import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ProduceRequest;
import io.kafkadriver.protocol.message.ProduceResponse;
import java.util.ArrayList;
import java.util.List;

/** The broker's side of a Produce request in the producer's actor tests, where a probe stands in for the cluster. */
final class ProduceAnswers {
    private ProduceAnswers() {
    }

    /**
     * Answers every partition of a Produce request alike.
     *
     * @param s          the request as the cluster probe received it
     * @param errorCode  each partition's error code, 0 for success
     * @param baseOffset each partition's base offset
     */
    static void answer(ClusterActor.SendToNode s, short errorCode, long baseOffset) {
        ProduceRequest r = (ProduceRequest) s.request().request();
        List<ProduceResponse.TopicProduceResponse> topics = new ArrayList<>();
        for (ProduceRequest.TopicProduceData t : r.topicData()) {
            List<ProduceResponse.PartitionProduceResponse> parts = new ArrayList<>();
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                parts.add(new ProduceResponse.PartitionProduceResponse().setIndex(p.index()).setErrorCode(errorCode)
                        .setBaseOffset(baseOffset));
            }
            topics.add(new ProduceResponse.TopicProduceResponse().setName(t.name()).setPartitionResponses(parts));
        }
        s.request().replyTo().tell(new ConnectionActor.Response(s.request().tag(), ApiKey.PRODUCE, (short) 9,
                new ProduceResponse().setResponses(topics)));
    }
}
