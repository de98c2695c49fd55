package com.followermaze.common.event;

/** A follow: {@code from} starts following {@code to}; {@code to} is notified. */
public record Follow(long seq, int from, int to, String payload) implements Event {

    public Follow {
        Fields.requireSeq(seq);
        Fields.requireUserId("from", from);
        Fields.requireUserId("to", to);
        Fields.requirePayload(payload);
    }

    @Override
    public char typeCode() {
        return 'F';
    }
}
