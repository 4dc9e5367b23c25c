/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actor;

import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.internal.DriverBehavior;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The whole driver as one Pekko typed {@link Behavior}, for applications that talk to Kafka by messages and for teams
 * that run the driver under their own supervisor, in their own {@code ActorSystem}. It is the composition root of the
 * engine: the cluster actor (with its node and connection actors), the produce router (with its batchers) and the
 * consume router (with its fetchers) are its children.
 *
 * <p><b>Supervision.</b> The node actors under the cluster restart with backoff (their state is rebuilt from the
 * cluster). Any other child that fails stops, every record still held is reported (as {@link ProduceResult.Failed}
 * to its {@code replyTo}, and to the discard listeners), and the driver then fails with an
 * {@link IllegalStateException} naming the child: the parent's supervisor decides, and a restart builds the whole
 * engine again from the cluster. The driver never loses an accepted record silently. Per-child restarts are the next
 * step (see docs/actors.md).
 *
 * <p>This package, with the streams package to come, is the only one whose public types mention Pekko.
 */
public final class KafkaDriver {
    private KafkaDriver() {
    }

    /**
     * The driver's behavior, to spawn in any typed {@code ActorSystem} (as a child, or with {@code systemActorOf}).
     *
     * @param config the configuration; must name at least one seed
     * @return the behavior
     * @throws io.kafkadriver.api.ConfigurationException when the configuration cannot start a driver (no seed, a
     *                                                   security protocol not implemented yet)
     */
    public static Behavior<Command> create(Configuration config) {
        return DriverBehavior.create(config, engine -> { });
    }

    /**
     * What the driver accepts: the records of this class. (Not sealed only because the driver's own internal messages
     * live in another package; applications implement nothing of it.)
     */
    public interface Command {
    }

    /**
     * Produce one record: kafka-sharp's {@code Produce}. With a {@code replyTo} the driver answers with exactly one
     * {@link ProduceResult}; without, it is fire and forget (the client's discard and expiry listeners still hear a
     * record that is dropped). The actor protocol never blocks: when {@code maxBufferedMessages} records are pending
     * the record is refused at once with a {@link ProduceResult.Failed}, whatever the overflow strategy.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 to let the partitioner choose
     * @param key       the key, or null
     * @param value     the value, or null
     * @param headers   the headers (null means none)
     * @param replyTo   told the outcome, or null
     */
    public record Produce(String topic, int partition, byte[] key, byte[] value, List<Header> headers,
                          ActorRef<ProduceResult> replyTo) implements Command {
        /**
         * Checks the arguments.
         *
         * @throws NullPointerException     without a topic
         * @throws IllegalArgumentException for an empty topic or a partition below -1
         */
        public Produce {
            Objects.requireNonNull(topic, "topic");
            if (topic.isEmpty()) {
                throw new IllegalArgumentException("topic must not be empty");
            }
            if (partition < -1) {
                throw new IllegalArgumentException("partition must be -1 (any) or a partition index, was "
                        + partition);
            }
            headers = headers == null ? List.of() : List.copyOf(headers);
        }

        /**
         * A record to any partition, without headers.
         *
         * @param topic   the topic
         * @param key     the key, or null
         * @param value   the value, or null
         * @param replyTo told the outcome, or null
         */
        public Produce(String topic, byte[] key, byte[] value, ActorRef<ProduceResult> replyTo) {
            this(topic, -1, key, value, List.of(), replyTo);
        }
    }

    /** The outcome of one {@link Produce}: exactly one per record that asked for it. */
    public sealed interface ProduceResult permits ProduceResult.Acknowledged, ProduceResult.Failed {
        /**
         * The broker acknowledged the record.
         *
         * @param topic     the topic
         * @param partition the partition it went to
         * @param offset    its offset, or -1 with acks=0
         */
        record Acknowledged(String topic, int partition, long offset) implements ProduceResult {
        }

        /**
         * The record was not written: refused, discarded or expired.
         *
         * @param record  the record as it was produced
         * @param reason  why, naming the topic and the setting or broker error involved
         * @param expired true when its {@code messageTtl} ran out (otherwise it was discarded or refused)
         */
        record Failed(Produce record, String reason, boolean expired) implements ProduceResult {
        }
    }

    /**
     * Send every buffered record now and answer once every record produced before is acknowledged, discarded or
     * expired.
     *
     * @param replyTo told {@link Flushed}
     */
    public record Flush(ActorRef<Flushed> replyTo) implements Command {
        /** @throws NullPointerException without a {@code replyTo} */
        public Flush {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** The answer to {@link Flush}. */
    public enum Flushed {
        /** Every record produced before the flush has its outcome. */
        INSTANCE
    }

    /**
     * Stop the driver: refuse new records, flush within {@code closeTimeout}, report whatever is still held as
     * discarded, stop every child and connection, answer, and stop. The actor system goes on.
     *
     * @param replyTo told {@link Stopped}, or null
     */
    public record Stop(ActorRef<Stopped> replyTo) implements Command {
    }

    /** The answer to {@link Stop}. */
    public enum Stopped {
        /** The driver has reported every record and is stopping. */
        INSTANCE
    }
}
