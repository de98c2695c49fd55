package com.followermaze.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.qpid.server.model.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.app.FollowerMaze;
import com.followermaze.app.LoadgenRuns;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.listener.ListenerStats;
import com.followermaze.loadgen.LoadgenConfig;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;

/**
 * Issue 5's embedded-broker outage: the whole pipeline on the embedded broker, a paced load
 * generator run verified line by line, and the broker stopped in the middle of it, kept down
 * for {@link #OUTAGE} and restarted in-process on the same port and store (in a data
 * directory: the default in-memory store keeps nothing across a restart). The run must pass
 * exactly: no event lost, none delivered twice, every user's lines in order.
 *
 * <p>The broker is stopped only once its event queue holds messages the processor has not
 * acknowledged, and the test checks that the restarted broker still holds some, before the
 * services reconnect: the durable store kept them. With an in-memory store that check fails
 * (and users miss their lines when a confirmed batch had not yet been delivered). The
 * processor runs with a state directory and a long snapshot interval, so it acknowledges in
 * bursts, each time its prefetch window ({@value #PREFETCH} batches) is full: the broker is
 * stopped while it holds 8 to 40 unacknowledged batches, far from the next burst. (Acknowledged
 * as soon as applied, the queue held one or two batches at a time, and once in a full build
 * they were acknowledged between the check and the stop, leaving the store nothing to keep.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EmbeddedBrokerOutageIT {

    private static final long EVENTS = 200_000;
    private static final long RATE = 40_000;
    private static final int CLIENTS = 20;
    private static final int USERS = 100;
    /** How long the broker stays down. */
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    /** A client fails when it waits this long for a line: the outage and the reconnections fit in it. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final int PREFETCH = 64;

    @TempDir
    Path stateDir;

    @TempDir
    Path brokerDir;

    private final ExecutorService loadgenThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "outage-it-loadgen"));
    private final ScheduledExecutorService outageTimer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "outage-it-timer"));
    private FollowerMaze pipeline;

    @AfterEach
    void tearDown() throws Exception {
        loadgenThread.shutdownNow();
        outageTimer.shutdownNow();
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aLoadgenRunAcrossAStopAndRestartOfTheEmbeddedBrokerLosesNothingRepeatsNothingAndKeepsOrder() throws Exception {
        pipeline = FollowerMaze.start("127.0.0.1", Optional.empty(),
                EmbeddedBrokerConfig.onLoopback(0).withDataDirectory(brokerDir), BrokerSettings.DEFAULT_EXCHANGE,
                BrokerSettings.DEFAULT_QUEUE, ListenerConfig.defaults().withEventPort(0),
                ProcessorConfig.defaults("127.0.0.1", 0).withPrefetch(PREFETCH)
                        .withStateDir(stateDir, Duration.ofMinutes(10)), OptionalInt.empty(), () -> { });
        EmbeddedBroker broker = pipeline.embeddedBroker().orElseThrow();
        ListenerStats listener = pipeline.listener().stats();
        Future<RunResult> run = loadgenThread.submit(() -> LoadgenRuns.run(loadgenConfig()));

        // A quarter into the run, at a moment the queue holds batches the processor has not
        // acknowledged, and will not acknowledge before 24 more have come.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    int depth = queueDepth(broker);
                    return listener.linesRead() >= EVENTS / 4 && depth >= 8 && depth <= 40;
                });
        long lostConnectionsBefore = listener.brokerConnectionsLost();
        AtomicInteger keptByTheStore = new AtomicInteger(-1);
        broker.stop();
        long readAtStop = listener.linesRead();
        // The outage is timed, not waited for: half-way through and at its end, a look at the listener.
        ScheduledFuture<Sample> halfWay = outageTimer.schedule(() -> Sample.of(listener),
                OUTAGE.toMillis() / 2, TimeUnit.MILLISECONDS);
        ScheduledFuture<Sample> atRestart = outageTimer.schedule(() -> {
            Sample seen = Sample.of(listener);
            broker.restart();
            // Before the services are back (they retry with backoff): what the store kept.
            keptByTheStore.set(queueDepth(broker));
            return seen;
        }, OUTAGE.toMillis(), TimeUnit.MILLISECONDS);

        Sample half = halfWay.get(OUTAGE.plus(WAIT).toMillis(), TimeUnit.MILLISECONDS);
        Sample end = atRestart.get(OUTAGE.plus(WAIT).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(List.of(half, end)).as("while the broker was away, reading the source was paused")
                .allMatch(sample -> sample.paused() && !sample.brokerConnected());
        assertThat(end.linesRead()).as("nothing read from the source in the second half of the outage")
                .isEqualTo(half.linesRead());

        assertThat(keptByTheStore.get()).as("messages the restarted broker still held, before the services came back")
                .isPositive();
        RunResult result = run.get(240, TimeUnit.SECONDS);

        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.eventsSent()).isEqualTo(EVENTS);
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        assertThat(readAtStop).as("the run spans the outage: events were still to come at the stop").isLessThan(EVENTS);
        assertThat(listener.brokerConnectionsLost()).as("the listener lost its connection").isGreaterThan(lostConnectionsBefore);
        assertThat(listener.brokerConnected()).isTrue();
        assertThat(pipeline.processor().isConsuming()).as("the processor reconnected").isTrue();
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(EVENTS);
        assertThat(pipeline.processor().stats().streamsStarted()).as("the outage never made a new stream").isZero();
    }

    /** What the listener showed at one moment of the outage. */
    private record Sample(long linesRead, boolean paused, boolean brokerConnected) {

        static Sample of(ListenerStats listener) {
            return new Sample(listener.linesRead(), listener.paused(), listener.brokerConnected());
        }
    }

    /** Messages on the event queue: not yet acknowledged by the processor, delivered or not. */
    private static int queueDepth(EmbeddedBroker broker) {
        return broker.queue(BrokerSettings.DEFAULT_QUEUE).map(Queue::getQueueDepthMessages).orElse(0);
    }

    private LoadgenConfig loadgenConfig() {
        Scenario scenario = Scenario.DEFAULT;
        return LoadgenRuns.config(EVENTS, CLIENTS, USERS, 5, scenario, RATE, CLIENT_TIMEOUT,
                pipeline.eventAddress().getPort(), List.of(pipeline.userAddress().getPort()));
    }
}
