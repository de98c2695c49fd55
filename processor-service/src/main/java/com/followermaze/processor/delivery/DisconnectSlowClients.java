package com.followermaze.processor.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.processor.ProcessorStats;

/**
 * The default policy: a client over its write buffer limit is disconnected, with a WARN
 * line. It can reconnect; it has missed what it did not read, which it would otherwise miss
 * anyway, and everyone else is served on time.
 */
public final class DisconnectSlowClients implements SlowClientPolicy {

    private static final Logger log = LoggerFactory.getLogger(DisconnectSlowClients.class);

    private final ProcessorStats stats;

    public DisconnectSlowClients(ProcessorStats stats) {
        this.stats = stats;
    }

    @Override
    public boolean admitWhileUnwritable(UserConnection connection, int notifications) {
        if (connection.channel().isOpen()) {
            log.warn("disconnecting {}: it is not reading (its write buffer is full)", connection);
            stats.slowClientDisconnected();
            connection.channel().close();
        }
        return false;
    }
}
