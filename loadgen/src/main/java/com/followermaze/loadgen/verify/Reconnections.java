package com.followermaze.loadgen.verify;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients' reconnections did to a run ({@code --reconnect}): counted by every client
 * thread, read by anyone. See {@link ClientVerifier} for what each count means.
 */
public final class Reconnections {

    private final LongAdder disconnects = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder repeated = new LongAdder();

    void disconnected() {
        disconnects.increment();
    }

    void reconnected() {
        reconnects.increment();
    }

    /** Expected lines given up on (+1) or, once given up on, received after all (-1). */
    void missed(long delta) {
        missed.add(delta);
    }

    void repeated() {
        repeated.increment();
    }

    /** The counts now. */
    public ReconnectTotals totals() {
        return new ReconnectTotals(true, disconnects.sum(), reconnects.sum(), missed.sum(), repeated.sum());
    }
}
