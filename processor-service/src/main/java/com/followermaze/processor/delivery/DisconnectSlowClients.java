package com.followermaze.processor.delivery;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default policy: a client that stays over its write buffer limit for a grace period,
 * or has a hard limit of bytes queued, is disconnected with a WARN line. A client that is
 * over its limit only for a moment (a burst: a filled gap releases many events at once) is
 * written to as usual. A disconnected client can reconnect; it has missed what it did not
 * read, and everyone else is served on time. Everything queued for a client (in its channel,
 * and waiting for its event loop's next round) counts toward the hard limit, so memory per
 * client stays under it.
 */
public final class DisconnectSlowClients implements SlowClientPolicy {

    private static final Logger log = LoggerFactory.getLogger(DisconnectSlowClients.class);

    private final DeliveryStats stats;
    private final long graceNanos;
    private final long hardLimit;

    public DisconnectSlowClients(DeliveryStats stats, Duration grace, long hardLimit) {
        this.stats = stats;
        this.graceNanos = grace.toNanos();
        this.hardLimit = hardLimit;
    }

    @Override
    public boolean admitWhileUnwritable(UserConnection connection, int notifications, long bytes, long unwritableNanos) {
        long queued = connection.queuedInChannel() + bytes;
        if (unwritableNanos < graceNanos && queued <= hardLimit) {
            return true;
        }
        disconnect(connection, queued, unwritableNanos / 1_000_000 + " ms");
        return false;
    }

    @Override
    public long queueLimit(UserConnection connection) {
        return hardLimit;
    }

    @Override
    public void overflowed(UserConnection connection) {
        disconnect(connection, connection.queuedInChannel() + (connection.pending == null ? 0 : connection.pending.readableBytes()),
                "its hard limit of " + hardLimit + " bytes");
    }

    private void disconnect(UserConnection connection, long queued, String over) {
        if (connection.abandoned || !connection.channel().isOpen()) {
            return;
        }
        connection.abandoned = true;
        log.warn("disconnecting {}: it is not reading ({} bytes queued for it, over its limit for {})",
                connection, queued, over);
        stats.slowClientDisconnected();
        connection.channel().close();
    }
}
