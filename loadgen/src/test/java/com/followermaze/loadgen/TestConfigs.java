package com.followermaze.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.net.LineTerminator;
import com.followermaze.loadgen.server.ReferenceServer;

/** Small, fast run configurations against a test server: every wait short and bounded. */
final class TestConfigs {

    private TestConfigs() {
    }

    static LoadgenConfig against(ReferenceServer server, Scenario scenario, long events, int clients, int users) {
        return new LoadgenConfig(events, clients, users, 666L, scenario.maxBatchSize(), Duration.ofSeconds(3),
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
                c.json(), c.report(), c.window(), c.grace(), c.settle(), c.connectTimeout(), c.ioThreads(), c.progress(),
                c.failuresShown(), c.reconnect(), c.sourceReconnectAt(), c.sourceLeaveOpen());
    }
}
