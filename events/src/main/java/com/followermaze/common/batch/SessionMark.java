package com.followermaze.common.batch;

/**
 * What a batch says about its source session beyond its events, for the processor's stream
 * decision (is a new session a new stream or a continuation of the current one?).
 */
public enum SessionMark {
    /** An ordinary batch: more of the session may follow. */
    NONE,
    /**
     * The session's deadline has passed: it has been sending for the listener's
     * {@code --session-deadline-ms} since its first line. The batch holds what was read before
     * the deadline (possibly nothing); a session that has not started a new stream by now
     * continues the current one.
     */
    DEADLINE,
    /** The session's last batch (possibly empty): its connection has ended and been read to its end. */
    END
}
