package com.followermaze.listener.publish;

import java.util.Objects;

import com.followermaze.common.event.Rejection;

/**
 * A line the listener rejected, kept for inspection: which session and peer sent it, why it
 * was rejected, and its bytes (empty when the line was too long to keep).
 */
public record RejectedLine(String session, String remote, Rejection rejection, byte[] line) {

    public RejectedLine {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(rejection, "rejection");
        Objects.requireNonNull(line, "line");
    }
}
