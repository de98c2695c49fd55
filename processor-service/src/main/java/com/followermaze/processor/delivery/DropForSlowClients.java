package com.followermaze.processor.delivery;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.log.RateLimitedLog;

/**
 * A policy that keeps a slow client connected and drops the notifications it has no room
 * for, counting them: those of a round for a client whose channel is over its write buffer
 * limit, and any that would take everything queued for it (in its channel, and waiting for its
 * event loop's next round) past that limit. The client then sees gaps in its stream: choose
 * this only where a connection matters more than completeness.
 */
public final class DropForSlowClients implements SlowClientPolicy {

    private static final Logger log = LoggerFactory.getLogger(DropForSlowClients.class);

    private final DeliveryStats stats;
    private final RateLimitedLog drops = new RateLimitedLog(log, 5, TimeUnit.SECONDS);

    public DropForSlowClients(DeliveryStats stats) {
        this.stats = stats;
    }

    @Override
    public boolean admitWhileUnwritable(UserConnection connection, int notifications, long bytes, long unwritableNanos) {
        dropped(connection, notifications);
        return false;
    }

    /** The channel's own limit, its high water mark. */
    @Override
    public long queueLimit(UserConnection connection) {
        return connection.channel().config().getWriteBufferHighWaterMark();
    }

    @Override
    public void overflowed(UserConnection connection) {
        dropped(connection, 1);
    }

    private void dropped(UserConnection connection, int notifications) {
        stats.slowClientDropped(notifications);
        drops.warn("dropped {} notifications for {}: it is not reading (its write buffer is full)",
                notifications, connection);
    }
}
