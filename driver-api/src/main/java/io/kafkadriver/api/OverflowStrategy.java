package io.kafkadriver.api;

/** What {@code produce} does when {@code maxBufferedMessages} messages are already pending. */
public enum OverflowStrategy {
    /**
     * Wait for room, at most {@code overflowBlockTimeout}, then fail the call (kafka-sharp's default, which blocked
     * without a bound).
     */
    BLOCK,
    /** Drop the new message at once; the produce call reports it was not accepted. */
    DISCARD
}
