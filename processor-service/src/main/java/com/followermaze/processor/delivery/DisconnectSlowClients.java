package com.followermaze.processor.delivery;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.processor.ProcessorStats;

/**
 * The default policy: a client that stays over its write buffer limit for a grace period,
 * or has a hard limit of bytes queued, is disconnected with a WARN line. A client that is
 * over its limit only for a moment (a burst: a filled gap releases many events at once) is
 * written to as usual. A disconnected client can reconnect; it has missed what it did not
 * read, and everyone else is served on time. Memory per client stays under the hard limit
 * plus what one flush writes (at most 16 batches' notifications).
 */
public final class DisconnectSlowClients implements SlowClientPolicy {

    private static final Logger log = LoggerFactory.getLogger(DisconnectSlowClients.class);

    private final ProcessorStats stats;
    private final long graceNanos;
    private final long hardLimit;

    public DisconnectSlowClients(ProcessorStats stats, Duration grace, long hardLimit) {
        this.stats = stats;
        this.graceNanos = grace.toNanos();
        this.hardLimit = hardLimit;
    }

    @Override
    public boolean admitWhileUnwritable(UserConnection connection, int notifications, long unwritableNanos) {
        long queued = connection.channel().bytesBeforeWritable();
        if (unwritableNanos < graceNanos && queued < hardLimit) {
            return true;
        }
        if (connection.channel().isOpen()) {
            log.warn("disconnecting {}: it is not reading ({} bytes queued for it, over its limit for {} ms)",
                    connection, queued, unwritableNanos / 1_000_000);
            stats.slowClientDisconnected();
            connection.channel().close();
        }
        return false;
    }
}
