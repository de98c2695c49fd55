package com.followermaze.listener.source;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import com.followermaze.common.event.Rejection.Reason;

/**
 * Counters of the event port. Written by the sources' event loops; readable from any thread.
 * Every line read counts in {@link #linesRead()}, rejected or not.
 */
public final class SourceStats {

    private final LongAdder eventsAccepted = new LongAdder();
    private final Map<Reason, LongAdder> rejected = new EnumMap<>(Reason.class);
    private final LongAdder sourcesAccepted = new LongAdder();
    private final LongAdder sourcesRefused = new LongAdder();
    private final LongAdder sourcesDisallowed = new LongAdder();
    private final LongAdder sourcesUnauthenticated = new LongAdder();
    private final LongAdder tlsHandshakesFailed = new LongAdder();

    public SourceStats() {
        for (Reason reason : Reason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    void eventAccepted() {
        eventsAccepted.increment();
    }

    void lineRejected(Reason reason) {
        rejected.get(reason).increment();
    }

    void sourceAccepted() {
        sourcesAccepted.increment();
    }

    void sourceRefused() {
        sourcesRefused.increment();
    }

    void sourceDisallowed() {
        sourcesDisallowed.increment();
    }

    void sourceUnauthenticated() {
        sourcesUnauthenticated.increment();
    }

    void tlsHandshakeFailed() {
        tlsHandshakesFailed.increment();
    }

    /** Lines read from event sources, valid or not, too-long ones included: every one is either. */
    public long linesRead() {
        return eventsAccepted.sum() + rejectedTotal();
    }

    /** Valid lines, each handed to a batch. */
    public long eventsAccepted() {
        return eventsAccepted.sum();
    }

    /** Lines rejected for {@code reason}. */
    public long rejected(Reason reason) {
        return rejected.get(reason).sum();
    }

    /** Lines rejected for any reason. */
    public long rejectedTotal() {
        long total = 0;
        for (LongAdder count : rejected.values()) {
            total += count.sum();
        }
        return total;
    }

    /** Event-source connections accepted. */
    public long sourcesAccepted() {
        return sourcesAccepted.sum();
    }

    /** Event-source connections refused because {@code --max-waiting-sources} connections were waiting already. */
    public long sourcesRefused() {
        return sourcesRefused.sum();
    }

    /** Event-source connections closed because their address is not in the allow-list. */
    public long sourcesDisallowed() {
        return sourcesDisallowed.sum();
    }

    /** Event-source connections closed for a wrong or missing secret. */
    public long sourcesUnauthenticated() {
        return sourcesUnauthenticated.sum();
    }

    /** Connections to the event port closed because their TLS handshake failed (with {@code --event-tls}). */
    public long tlsHandshakesFailed() {
        return tlsHandshakesFailed.sum();
    }
}
