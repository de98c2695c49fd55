package com.followermaze.common.event;

/** A broadcast; every connected user is notified. */
public record Broadcast(long seq, String payload) implements Event {

    public Broadcast {
        Fields.requireSeq(seq);
        Fields.requirePayload(payload);
    }

    @Override
    public char typeCode() {
        return 'B';
    }
}
