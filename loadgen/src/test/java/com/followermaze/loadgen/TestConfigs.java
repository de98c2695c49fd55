package com.followermaze.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.server.ReferenceServer;

/** Small, fast run configurations against a test server: every wait short and bounded. */
final class TestConfigs {

    private TestConfigs() {
    }

    static LoadgenConfig against(ReferenceServer server, Scenario scenario, long events, int clients, int users) {
        return new LoadgenConfig(events, clients, users, 666L, scenario.maxBatchSize(), Duration.ofSeconds(3),
                new Endpoint("127.0.0.1", server.eventPort()), List.of(new Endpoint("127.0.0.1", server.userPort())),
                scenario, scenario.mix(), 0, false, false, Optional.empty(), 1 << 14,
                Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(10), 2, ProgressMode.NEVER, 10);
    }

    static LoadgenConfig against(ReferenceServer server) {
        return against(server, Scenario.DEFAULT, 20_000, 50, 200);
    }
}
