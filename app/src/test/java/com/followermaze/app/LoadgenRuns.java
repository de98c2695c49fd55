package com.followermaze.app;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.followermaze.loadgen.LoadRun;
import com.followermaze.loadgen.LoadgenConfig;
import com.followermaze.loadgen.ProgressMode;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.net.LineTerminator;
import com.followermaze.loadgen.report.RunResult;

/** The load generator as the integration tests run it: quiet, no report, the defaults they share. */
public final class LoadgenRuns {

    private LoadgenRuns() {
    }

    /**
     * A run of {@code events} events of {@code scenario} to {@code source}, with {@code clients}
     * clients of {@code users} users spread over {@code userPorts} on 127.0.0.1; {@code rate} 0 is full speed.
     */
    public static LoadgenConfig config(long events, int clients, int users, long seed, Scenario scenario, long rate,
                                       Duration clientTimeout, int source, List<Integer> userPorts) {
        return config(events, clients, users, seed, scenario, rate, clientTimeout, source, userPorts, LineTerminator.LF,
                List.of(), false);
    }

    /**
     * As above, with the lines ending in {@code terminator}, and the event source connecting
     * again after each of the events {@code reconnectAt}, leaving the old connection open if
     * {@code leaveOpen}.
     */
    public static LoadgenConfig config(long events, int clients, int users, long seed, Scenario scenario, long rate,
                                       Duration clientTimeout, int source, List<Integer> userPorts,
                                       LineTerminator terminator, List<Long> reconnectAt, boolean leaveOpen) {
        return new LoadgenConfig(events, clients, users, seed, scenario.maxBatchSize(), clientTimeout,
                new Endpoint("127.0.0.1", source), userPorts.stream().map(port -> new Endpoint("127.0.0.1", port)).toList(),
                scenario, scenario.mix(), rate, terminator, false, Optional.empty(), 1 << 16, Duration.ofMillis(500),
                Duration.ofMillis(200), Duration.ofSeconds(10), 1, ProgressMode.NEVER, 10, false, reconnectAt, leaveOpen);
    }

    /** Runs it, printing nothing. */
    public static RunResult run(LoadgenConfig config) throws Exception {
        return new LoadRun(config, new PrintStream(OutputStream.nullOutputStream())).run();
    }
}
