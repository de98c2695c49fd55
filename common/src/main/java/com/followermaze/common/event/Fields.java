package com.followermaze.common.event;

/** The field checks shared by the event records' compact constructors. */
final class Fields {

    private Fields() {
    }

    static long requireSeq(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq: " + seq + " (expected >= 1)");
        }
        return seq;
    }

    static int requireUserId(String name, int id) {
        if (id < 0) {
            throw new IllegalArgumentException(name + ": " + id + " (expected >= 0)");
        }
        return id;
    }

    static String requirePayload(String payload) {
        if (payload == null || payload.isEmpty()) {
            throw new IllegalArgumentException("payload: " + (payload == null ? "null" : "\"\"")
                    + " (expected the event's line)");
        }
        return payload;
    }
}
