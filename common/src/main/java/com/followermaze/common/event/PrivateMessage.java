package com.followermaze.common.event;

/** A private message from {@code from} to {@code to}; {@code to} is notified. */
public record PrivateMessage(long seq, int from, int to, String payload) implements Event {

    public PrivateMessage {
        Fields.requireSeq(seq);
        Fields.requireUserId("from", from);
        Fields.requireUserId("to", to);
        Fields.requirePayload(payload);
    }

    @Override
    public char typeCode() {
        return 'P';
    }
}
