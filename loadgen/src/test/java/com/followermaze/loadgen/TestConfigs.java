package com.followermaze.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.net.LineTerminator;
import com.followermaze.loadgen.reference.ReferenceServer;

/**
 * Small, fast run configurations against a test server. Every wait is bounded, and the bound on
 * progress is generous: on a slow, shared machine a client can go seconds without a line, and a
 * passing run must not fail for that.
 */
final class TestConfigs {

    /** How long a client may wait for its next line (and a reconnecting one to be back). */
    static final Duration PROGRESS_BOUND = Duration.ofSeconds(20);

    /**
     * A short wait for the next line, for runs against a broken server whose fault may only show
     * as silence: {@code MISSING} is then an expected outcome, so a line made late by a slow
     * machine cannot fail the test, it can only end it sooner.
     */
    static final Duration SILENCE_BOUND = Duration.ofSeconds(3);

    private TestConfigs() {
    }

    static LoadgenConfig against(ReferenceServer server, Scenario scenario, long events, int clients, int users) {
        return new LoadgenConfig(events, clients, users, 666L, scenario.maxBatchSize(), PROGRESS_BOUND,
                new Endpoint("127.0.0.1", server.eventPort()), List.of(new Endpoint("127.0.0.1", server.userPort())),
                scenario, scenario.mix(), 0, LineTerminator.LF, false, Optional.empty(), 1 << 14,
                Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(10), 2, ProgressMode.NEVER, 10, false,
                List.of(), false);
    }

    static LoadgenConfig against(ReferenceServer server) {
        return against(server, Scenario.DEFAULT, 20_000, 50, 200);
    }

    /** As {@link #against(ReferenceServer)}, with clients that reconnect. */
    static LoadgenConfig reconnecting(ReferenceServer server) {
        return against(server).withReconnect(true);
    }

    /**
     * As {@link #reconnecting}, with the events paced over about two seconds, so that they
     * still flow when clients come back after a restart.
     */
    static LoadgenConfig reconnectingPaced(ReferenceServer server) {
        LoadgenConfig c = reconnecting(server);
        return new LoadgenConfig(c.totalEvents(), c.clients(), c.users(), c.seed(), c.maxBatchSize(), c.timeout(),
                c.eventAddress(), c.userAddresses(), c.scenario(), c.mix(), c.totalEvents() / 2, c.lineTerminator(),
                c.json(), c.report(), c.inFlightWindow(), c.grace(), c.settle(), c.connectTimeout(), c.ioThreads(), c.progress(),
                c.failuresShown(), c.reconnect(), c.sourceReconnectAt(), c.sourceLeaveOpen());
    }

    /** {@code c} with clients that fail after {@link #SILENCE_BOUND} without a line. */
    static LoadgenConfig silenceBound(LoadgenConfig c) {
        return new LoadgenConfig(c.totalEvents(), c.clients(), c.users(), c.seed(), c.maxBatchSize(), SILENCE_BOUND,
                c.eventAddress(), c.userAddresses(), c.scenario(), c.mix(), c.rate(), c.lineTerminator(),
                c.json(), c.report(), c.inFlightWindow(), c.grace(), c.settle(), c.connectTimeout(), c.ioThreads(), c.progress(),
                c.failuresShown(), c.reconnect(), c.sourceReconnectAt(), c.sourceLeaveOpen());
    }
}
