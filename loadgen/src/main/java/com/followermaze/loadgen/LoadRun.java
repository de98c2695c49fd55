package com.followermaze.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.loadgen.generate.BatchShuffler;
import com.followermaze.loadgen.generate.ClientIds;
import com.followermaze.loadgen.generate.EventGenerator;
import com.followermaze.loadgen.generate.ExpectedFollowers;
import com.followermaze.loadgen.net.EventSource;
import com.followermaze.loadgen.net.SetupException;
import com.followermaze.loadgen.net.UserClients;
import com.followermaze.loadgen.report.LatencyRecorder;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.loadgen.report.RunSampler;
import com.followermaze.loadgen.report.Silence;
import com.followermaze.loadgen.report.SilenceRecorder;
import com.followermaze.loadgen.report.WireSettings;
import com.followermaze.loadgen.verify.ClientVerifier;
import com.followermaze.loadgen.verify.Expectations;
import com.followermaze.loadgen.verify.Failures;
import com.followermaze.loadgen.verify.InFlightEvents;
import com.followermaze.loadgen.verify.ReconnectTotals;
import com.followermaze.loadgen.verify.Reconnections;

/**
 * One run, in the official test program's order: connect the event source, then every client
 * (each sends its id), then send the events; after the last one close the event source and
 * wait until every client has received everything it must, then listen for a grace period for
 * extra lines. The run stops at the first failure. With {@code --reconnect}, clients whose
 * connection ends connect again (see {@link ClientVerifier}); the run is complete once every
 * client has received its last expected line. With {@code --source-reconnect-at}, the event
 * source moves to a new connection at the given events (see {@link EventFeed}); connections it
 * left open ({@code --source-leave-open}) are closed when the run ends. Blocking; call
 * {@link #run} once.
 */
public final class LoadRun {

    private static final Logger log = LoggerFactory.getLogger(LoadRun.class);

    /** How often the run checks for completion and for clients waiting too long. */
    private static final long CHECK_MILLIS = 50;
    /** How long a run must stay done, when some client is done only as one back from a disconnection. */
    private static final long AWAY_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** After a first failure, how long other clients get to report theirs before the run ends. */
    private static final long FAILURE_LINGER_MILLIS = 200;
    /** Bound on waiting for the feeding thread to stop once its socket is closed. */
    private static final long FEED_STOP_SECONDS = 5;

    private final LoadgenConfig config;
    private final PrintStream progressOut;

    /** @param progressOut where the live progress line goes, or null for none */
    public LoadRun(LoadgenConfig config, PrintStream progressOut) {
        this.config = config;
        this.progressOut = progressOut;
    }

    public RunResult run() throws SetupException, InterruptedException {
        // One seed, three independent streams: which users connect, the events, the batches.
        SplittableRandom seeded = new SplittableRandom(config.seed());
        SplittableRandom clientRandom = seeded.split();
        SplittableRandom eventRandom = seeded.split();
        SplittableRandom batchRandom = seeded.split();

        int[] ids = ClientIds.draw(config.clients(), config.users(), clientRandom);
        boolean[] connected = new boolean[config.users() + 1];
        for (int id : ids) {
            connected[id] = true;
        }
        InFlightEvents events = new InFlightEvents(config.inFlightCapacity());
        Failures failures = new Failures(config.failuresShown());
        LatencyRecorder latency = new LatencyRecorder(ClientVerifier.MAX_LATENCY_MICROS);
        LongAdder received = new LongAdder();
        long created = System.nanoTime();
        Reconnections reconnections = config.reconnect() ? new Reconnections() : null;
        ClientVerifier[] verifiers = new ClientVerifier[ids.length];
        for (int i = 0; i < ids.length; i++) {
            verifiers[i] = new ClientVerifier(i + 1, ids[i], events, failures, latency, received, created, reconnections);
        }
        ExpectedFollowers graph = new ExpectedFollowers(config.users(), user -> connected[user]);
        Expectations expectations = new Expectations(events, graph, verifiers);
        EventGenerator generator = new EventGenerator(config.mix(), graph, eventRandom);
        BatchShuffler shuffler = new BatchShuffler(config.maxBatchSize(), batchRandom);

        log.info("connecting the event source to {} and {} clients to {}", config.eventAddress(), ids.length,
                config.userAddresses());
        try (EventSource source = EventSource.open(config.eventAddress(), config.connectTimeout(), config.sourceLeaveOpen());
             UserClients clients = UserClients.connect(config.userAddresses(), verifiers, config.lineTerminator(),
                     config.ioThreads(), config.connectTimeout(), config.reconnect(), config.timeout())) {
            TimeUnit.MILLISECONDS.sleep(config.settle().toMillis());
            // The tables above (about 70 bytes an in-flight event) are new, in the young generation: without
            // this, the first collections of the run copy them, pausing these clients for 100 ms and more, which
            // the latency would charge to the server. A full collection now moves them out of the way.
            System.gc();
            EventFeed feed = new EventFeed(config, generator, shuffler, expectations, events, source, failures);
            try (RunSampler sampler = new RunSampler(feed::sent, received::sum, latency,
                    ClientVerifier.MAX_LATENCY_MICROS, config.totalEvents(), progressOut)) {
                return drive(feed, source, clients, events, failures, sampler, received, reconnections);
            }
        }
    }

    private RunResult drive(EventFeed feed, EventSource source, UserClients clients, InFlightEvents events,
                            Failures failures, RunSampler sampler, LongAdder received, Reconnections reconnections)
            throws InterruptedException {
        Thread feeder = new Thread(feed, "loadgen-feed");
        SilenceRecorder silences = new SilenceRecorder(received::sum);
        sampler.start();
        silences.start();
        long startNanos = System.nanoTime();
        feeder.start();
        long timeoutNanos = config.timeout().toNanos();
        long endNanos;
        long doneSince = 0; // when the run was first seen done, while it stays so (0: not done)
        while (true) {
            if (failures.awaitAny(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                endNanos = System.nanoTime();
                break;
            }
            long now = System.nanoTime();
            if (!feeder.isAlive() && events.oldestUnverified(feed.sent() + 1) > config.totalEvents()
                    && clients.allSatisfied()) {
                doneSince = doneSince == 0 ? now : doneSince;
                // A client back from a disconnection with nothing received since is done only if
                // it stays so: a server that drops every client that comes back must not pass
                // because they all happened to be back at one check.
                if (!clients.anyAway() || now - doneSince >= AWAY_SETTLE_NANOS) {
                    endNanos = doneSince;
                    break;
                }
            } else {
                doneSince = 0;
            }
            clients.checkTimeouts(now, timeoutNanos);
        }
        if (!failures.any()) {
            // Everything expected arrived: anything that still comes is an extra line.
            failures.awaitAny(config.grace().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (failures.any()) {
            feed.stop();
            TimeUnit.MILLISECONDS.sleep(FAILURE_LINGER_MILLIS);
        }
        source.close(); // the current connection and any left open
        feeder.join(TimeUnit.SECONDS.toMillis(FEED_STOP_SECONDS));
        if (feeder.isAlive()) {
            log.warn("the feeding thread did not stop within {} s", FEED_STOP_SECONDS);
        }
        Histogram latencyMicros = sampler.stop();
        List<Silence> silent = silences.stop();
        long first = feed.firstSentNanos();
        Duration elapsed = Duration.ofNanos(endNanos - (first == 0 ? startNanos : first));
        return new RunResult(!failures.any(), config.scenario().label(), config.seed(), config.clients(), config.users(),
                config.totalEvents(), feed.sent(), feed.expectedNotifications(), received.sum(), elapsed, latencyMicros,
                failures.count(), failures.first(), sampler.samples(),
                reconnections == null ? ReconnectTotals.OFF : reconnections.totals(),
                new WireSettings(config.lineTerminator().name(), config.sourceReconnectAt(), config.sourceLeaveOpen(),
                        source.connections()), silent);
    }
}
