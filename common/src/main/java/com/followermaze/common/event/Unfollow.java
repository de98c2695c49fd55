package com.followermaze.common.event;

/** A unfollow: {@code from} stops following {@code to}; nobody is notified. */
public record Unfollow(long seq, int from, int to, String payload) implements Event {

    public Unfollow {
        Fields.requireSeq(seq);
        Fields.requireUserId("from", from);
        Fields.requireUserId("to", to);
        Fields.requirePayload(payload);
    }

    @Override
    public char typeCode() {
        return 'U';
    }
}
