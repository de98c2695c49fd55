package com.followermaze.processor.engine;

/**
 * How a new source session was decided, and why: it starts a new stream, or it continues the
 * current one. Each decision is counted ({@code followermaze.processor.stream.decisions}, tagged
 * with {@link #outcome()} and {@link #reason()}) and logged once.
 */
public enum StreamDecision {
    /** The session sent sequence number 1 while the current stream had begun: a new run. */
    NEW_STREAM("new_stream", "sequence_one"),
    /** The session sent the current stream's next expected number: a reconnect carrying on. */
    NEXT_EXPECTED("continuation", "next_expected"),
    /** The session sent a number above the new-stream window, which a new run cannot send that early. */
    ABOVE_WINDOW("continuation", "above_window"),
    /** The session sent a new-stream window's worth of events without a 1: the memory bound. */
    WINDOW_FULL("continuation", "window_full"),
    /** The session reached its deadline (a batch marked {@code DEADLINE}) without a 1. */
    DEADLINE("continuation", "deadline"),
    /** The session ended (a batch marked {@code END}) without a 1. */
    END("continuation", "end"),
    /** A batch of another session arrived while the session was undecided. */
    ANOTHER_SESSION("continuation", "another_session");

    private final String outcome;
    private final String reason;

    StreamDecision(String outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
    }

    /** {@code new_stream} or {@code continuation}: a metric tag value. */
    public String outcome() {
        return outcome;
    }

    /** Why, as a metric tag value. */
    public String reason() {
        return reason;
    }
}
