package com.followermaze.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import com.followermaze.loadgen.generate.EventMix;
import com.followermaze.loadgen.net.Endpoint;
import com.followermaze.loadgen.net.LineTerminator;
import com.followermaze.loadgen.verify.InFlightEvents;

/**
 * Everything one run needs, validated: built from flags and environment variables by
 * {@link LoadgenOptions}, or directly by tests.
 *
 * @param totalEvents    events to send, 1..
 * @param clients        connected users, 0..users (0: only push events, check nothing)
 * @param users          user ids are 1..users
 * @param seed           the random seed: same seed, same run
 * @param maxBatchSize   events are sent in batches of 1..maxBatchSize, each shuffled
 * @param timeout        a client fails when it waits this long for its next line
 * @param eventAddress   where the event source connects
 * @param userAddresses  where the clients connect, spread round-robin
 * @param scenario       the named shape of the load
 * @param mix            the event mix (the scenario's)
 * @param rate           events per second, 0 for as fast as possible
 * @param lineTerminator what ends each line the loadgen sends (events, user ids), and what its
 *                       clients require at the end of each notification
 * @param json           print one JSON line on stdout instead of the human summary
 * @param report         where to write the HTML or PNG report, if anywhere
 * @param inFlightWindow the in-flight window: the most events sent and not yet received by
 *                       every client that must receive them ({@code --window}); 0 for none,
 *                       the official program's way: the feed never waits for the clients, and
 *                       every event of the run is held until verified
 * @param grace          how long to keep listening for extra lines after the last expected one
 * @param settle         pause between connecting the clients and sending the first event
 * @param connectTimeout bound on connecting the event source and all the clients
 * @param ioThreads      Netty threads for the clients
 * @param progress       when to show the live progress line
 * @param failuresShown  how many of the first failures to print
 * @param reconnect      a client whose connection ends connects again, and is checked as
 *                       {@link com.followermaze.loadgen.verify.ClientVerifier} describes,
 *                       instead of failing the run
 * @param sourceReconnectAt after sending each of these event numbers (counted in send order,
 *                       from 1), the event source connects again and sends the rest on the new
 *                       connection; sorted, without repeats, each 1..totalEvents (empty: one
 *                       connection)
 * @param sourceLeaveOpen never close the connection the event source leaves: it stays open and
 *                       silent until the run ends; otherwise it is closed once the new one is
 *                       connected
 */
public record LoadgenConfig(
        long totalEvents,
        int clients,
        int users,
        long seed,
        int maxBatchSize,
        Duration timeout,
        Endpoint eventAddress,
        List<Endpoint> userAddresses,
        Scenario scenario,
        EventMix mix,
        long rate,
        LineTerminator lineTerminator,
        boolean json,
        Optional<Path> report,
        int inFlightWindow,
        Duration grace,
        Duration settle,
        Duration connectTimeout,
        int ioThreads,
        ProgressMode progress,
        int failuresShown,
        boolean reconnect,
        List<Long> sourceReconnectAt,
        boolean sourceLeaveOpen) {

    public static final int MAX_BATCH_SIZE_LIMIT = 1_000_000;

    /** {@code inFlightWindow} for none: the feed sends as fast as it can, whatever the clients do. */
    public static final int NO_WINDOW = 0;

    public LoadgenConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(eventAddress, "eventAddress");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(mix, "mix");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(lineTerminator, "lineTerminator");
        userAddresses = List.copyOf(userAddresses);
        sourceReconnectAt = List.copyOf(new TreeSet<>(sourceReconnectAt));
        require(totalEvents >= 1, "totalEvents", totalEvents, ">= 1");
        require(users >= 2, "users", users, ">= 2");
        require(clients >= 0 && clients <= users, "clients", clients, "0.." + users + ", the number of users");
        require(maxBatchSize >= 1 && maxBatchSize <= MAX_BATCH_SIZE_LIMIT, "maxBatchSize", maxBatchSize, "1.." + MAX_BATCH_SIZE_LIMIT);
        require(positive(timeout), "timeout", timeout.toMillis() + " ms", "> 0");
        require(!userAddresses.isEmpty(), "userAddresses", userAddresses, "at least one host:port");
        require(rate >= 0, "rate", rate, ">= 0 events/s (0: as fast as possible)");
        if (inFlightWindow == NO_WINDOW) {
            require(totalEvents <= InFlightEvents.MAX_WINDOW, "inFlightWindow", inFlightWindow, "a window when totalEvents ("
                    + totalEvents + ") is over " + InFlightEvents.MAX_WINDOW + ": without one, every event of the run is held");
        } else {
            require(inFlightWindow >= 2 * maxBatchSize && inFlightWindow <= InFlightEvents.MAX_WINDOW, "inFlightWindow",
                    inFlightWindow, "2 * maxBatchSize (" + 2L * maxBatchSize + ").." + InFlightEvents.MAX_WINDOW
                            + " events, or 0 for none");
        }
        require(!grace.isNegative(), "grace", grace.toMillis() + " ms", ">= 0");
        require(!settle.isNegative(), "settle", settle.toMillis() + " ms", ">= 0");
        require(positive(connectTimeout), "connectTimeout", connectTimeout.toMillis() + " ms", "> 0");
        require(ioThreads >= 1, "ioThreads", ioThreads, ">= 1");
        require(failuresShown >= 1, "failuresShown", failuresShown, ">= 1");
        require(!sourceLeaveOpen || !sourceReconnectAt.isEmpty(), "--source-leave-open", "without --source-reconnect-at",
                "with it: a single connection leaves none open");
        if (!sourceReconnectAt.isEmpty()) {
            long first = sourceReconnectAt.get(0);
            long last = sourceReconnectAt.get(sourceReconnectAt.size() - 1);
            long wrong = first < 1 ? first : last;
            require(first >= 1 && last <= totalEvents, "--source-reconnect-at", wrong,
                    "event numbers from 1 to --total-events, " + totalEvents);
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean valid, String name, Object value, String expected) {
        if (!valid) {
            throw new IllegalArgumentException(name + ": " + value + " (expected " + expected + ")");
        }
    }

    /**
     * How many events the run's {@link InFlightEvents} must hold: the in-flight window, or
     * without one every event of the run.
     */
    public int inFlightCapacity() {
        return inFlightWindow == NO_WINDOW ? (int) totalEvents : inFlightWindow;
    }

    /** This configuration, with clients that reconnect or not. */
    public LoadgenConfig withReconnect(boolean reconnectClients) {
        return new LoadgenConfig(totalEvents, clients, users, seed, maxBatchSize, timeout, eventAddress, userAddresses,
                scenario, mix, rate, lineTerminator, json, report, inFlightWindow, grace, settle, connectTimeout, ioThreads,
                progress, failuresShown, reconnectClients, sourceReconnectAt, sourceLeaveOpen);
    }

    /** This configuration, with another line terminator. */
    public LoadgenConfig withLineTerminator(LineTerminator terminator) {
        return new LoadgenConfig(totalEvents, clients, users, seed, maxBatchSize, timeout, eventAddress, userAddresses,
                scenario, mix, rate, terminator, json, report, inFlightWindow, grace, settle, connectTimeout, ioThreads,
                progress, failuresShown, reconnect, sourceReconnectAt, sourceLeaveOpen);
    }

    /** This configuration, with an event source that connects again after the events {@code at}. */
    public LoadgenConfig withSourceReconnects(List<Long> at, boolean leaveOpen) {
        return new LoadgenConfig(totalEvents, clients, users, seed, maxBatchSize, timeout, eventAddress, userAddresses,
                scenario, mix, rate, lineTerminator, json, report, inFlightWindow, grace, settle, connectTimeout, ioThreads,
                progress, failuresShown, reconnect, at, leaveOpen);
    }

}
