package com.followermaze.common.amqp;

import java.util.Map;

import com.followermaze.common.event.Rejection;
import com.rabbitmq.client.AMQP;

/**
 * How a rejected event line is kept on the broker: the body is the line's bytes exactly as
 * read (empty for a line too long to keep), and the headers say where it came from and why it
 * was rejected ({@value #SOURCE_HEADER}, {@value #REMOTE_HEADER}, {@value #REASON_HEADER},
 * {@value #DETAIL_HEADER}).
 */
public final class RejectedLineMessages {

    public static final String SOURCE_HEADER = "fm-source";
    public static final String REMOTE_HEADER = "fm-remote";
    public static final String REASON_HEADER = "fm-reason";
    public static final String DETAIL_HEADER = "fm-detail";
    public static final String TYPE = "follower-maze.rejected-line";

    private static final int PERSISTENT = 2;

    private RejectedLineMessages() {
    }

    public static AMQP.BasicProperties properties(String session, String remote, Rejection rejection) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/octet-stream")
                .type(TYPE)
                .deliveryMode(PERSISTENT)
                .headers(Map.of(
                        SOURCE_HEADER, session,
                        REMOTE_HEADER, remote,
                        REASON_HEADER, rejection.reason().name(),
                        DETAIL_HEADER, rejection.detail()))
                .build();
    }
}
