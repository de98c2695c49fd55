package com.followermaze.loadgen.verify;

/** How a run can go wrong. */
public enum FailureKind {
    /** A line that is not the expected one and not one expected later: garbage, or a notification the user must not get. */
    WRONG_LINE,
    /** A line expected later arrived before the expected one (reordered, or the expected one was lost), or one older than the last received. */
    OUT_OF_ORDER,
    /** The client waited longer than the timeout for its next expected line. */
    MISSING,
    /** A line arrived while nothing was expected, or a line already received came again. */
    EXTRA,
    /**
     * With {@code --reconnect}: a line a reconnected client cannot check any more, because it
     * left the in-flight window or the client's history before it came; a limit of the verifier, not
     * necessarily a fault of the server (raise {@code --window}).
     */
    UNVERIFIABLE,
    /** The server closed a connection (a user's or the event source's) during the run. */
    DISCONNECTED
}
