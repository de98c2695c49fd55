package com.followermaze.processor.delivery;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.log.RateLimitedLog;
import com.followermaze.processor.ProcessorStats;

/**
 * A policy that keeps a slow client connected and drops the notifications it has no room
 * for, counting them. The client then sees gaps in its stream: choose this only where a
 * connection matters more than completeness.
 */
public final class DropForSlowClients implements SlowClientPolicy {

    private static final Logger log = LoggerFactory.getLogger(DropForSlowClients.class);

    private final ProcessorStats stats;
    private final RateLimitedLog drops = new RateLimitedLog(log, 5, TimeUnit.SECONDS);

    public DropForSlowClients(ProcessorStats stats) {
        this.stats = stats;
    }

    @Override
    public boolean admitWhileUnwritable(UserConnection connection, int notifications, long unwritableNanos) {
        stats.slowClientDropped(notifications);
        drops.warn("dropped {} notifications for {}: it is not reading (its write buffer is full)",
                notifications, connection);
        return false;
    }
}
