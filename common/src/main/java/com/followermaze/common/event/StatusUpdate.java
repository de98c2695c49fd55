package com.followermaze.common.event;

/** A status update of {@code from}; every current follower of {@code from} is notified. */
public record StatusUpdate(long seq, int from, String payload) implements Event {

    public StatusUpdate {
        Fields.requireSeq(seq);
        Fields.requireUserId("from", from);
        Fields.requirePayload(payload);
    }

    @Override
    public char typeCode() {
        return 'S';
    }
}
