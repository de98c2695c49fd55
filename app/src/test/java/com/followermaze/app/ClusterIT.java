package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.RealRabbitMq;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.listener.ListenerService;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;
import com.followermaze.processor.ProcessorService;

/**
 * The whole pipeline on a three-node RabbitMQ cluster of its own ({@link RabbitMqCluster}),
 * given all three nodes, and a verified load generator run during each failure, every user
 * getting exactly its notifications in order: the node that leads the quorum event queue
 * killed (SIGKILL) and started again; a rolling restart of all three nodes; three scale-out
 * processors on the cluster's stream while the node that leads the stream is killed and
 * started again; and the node the processor is connected to cut off from the other two (a
 * partition, where the nodes run on hosts of their own), which pauses it (pause_minority)
 * until the partition heals. One cluster for the class.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ClusterIT {

    private static final Logger log = LoggerFactory.getLogger(ClusterIT.class);
    private static final long EVENTS = 400_000;
    private static final long RATE = 20_000;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);

    private static RabbitMqCluster cluster;

    private final String name = "fm-cluster-it-" + UUID.randomUUID();
    private final List<ProcessorService> processors = new ArrayList<>();
    private FollowerMaze pipeline;
    private ListenerService listener;
    private BrokerSettings broker;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RabbitMqCluster.startOrSkip(ClusterIT.class.getSimpleName());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        if (listener != null) {
            listener.close();
        }
        for (ProcessorService processor : processors) {
            processor.close();
        }
        if (broker != null) {
            RealRabbitMq.deleteTopology(broker);
        }
    }

    private void startPipeline() throws Exception {
        broker = new BrokerSettings(cluster.uris(), name, name);
        pipeline = FollowerMaze.start("127.0.0.1", Optional.of(broker), 0, name, name,
                ListenerConfig.defaults().withEventPort(0), ProcessorConfig.defaults("127.0.0.1", 0));
    }

    /** A verified load generator run, paced at {@code rate}, started now in the background. */
    private static CompletableFuture<RunResult> startRun(long events, int clients, long seed, long rate, int eventPort,
                                                         List<Integer> userPorts) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return LoadgenRuns.run(LoadgenRuns.config(events, clients, 100, seed, Scenario.DEFAULT, rate,
                        CLIENT_TIMEOUT, eventPort, userPorts));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private CompletableFuture<RunResult> startRun(long events, long seed, long rate) {
        return startRun(events, 20, seed, rate, pipeline.eventAddress().getPort(),
                List.of(pipeline.userAddress().getPort()));
    }

    /** Waits until {@code released} reaches {@code events} (the run still going), bounded. */
    private static void awaitReleased(LongSupplier released, long events, CompletableFuture<RunResult> run) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> released.getAsLong() >= events || run.isDone());
        assertThat(run).as("the run is still going when the failure starts").isNotDone();
    }

    private static RunResult assertExact(CompletableFuture<RunResult> run) throws Exception {
        RunResult result = run.get(300, TimeUnit.SECONDS);
        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        return result;
    }

    /**
     * The longest time without a change of {@code released} (events are delivered as they are
     * released), from {@code since} until {@code done}, sampled every 5 ms; in milliseconds.
     */
    private static long longestStallMs(LongSupplier released, long since, BooleanSupplier done) {
        long[] last = {released.getAsLong(), since, 0};
        Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(5)).until(() -> {
            long now = System.nanoTime();
            long count = released.getAsLong();
            if (count != last[0]) {
                last[2] = Math.max(last[2], now - last[1]);
                last[0] = count;
                last[1] = now;
            }
            return done.getAsBoolean();
        });
        return TimeUnit.NANOSECONDS.toMillis(last[2]);
    }

    /**
     * Kills {@code node} (SIGKILL), starts it again and returns once it is back: the pause the
     * node loss caused, the longest stall of {@code released} from the kill until the node is
     * back (and at least 10 s passed) or the run ends, in milliseconds.
     */
    private static long killAndRestart(String node, LongSupplier released, CompletableFuture<RunResult> run)
            throws Exception {
        long killedAt = System.nanoTime();
        cluster.kill(node);
        CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> {
            try {
                cluster.restart(node);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long pauseMs = longestStallMs(released, killedAt,
                () -> (restarted.isDone() && System.nanoTime() - killedAt > TimeUnit.SECONDS.toNanos(10)) || run.isDone());
        restarted.get(300, TimeUnit.SECONDS);
        return pauseMs;
    }

    @Test
    void killingTheNodeThatLeadsTheEventQueueMidRunLosesAndRepeatsNothing() throws Exception {
        startPipeline();
        String leader = cluster.leader(name);
        log.info("queue {} is led by {}", name, leader);
        CompletableFuture<RunResult> run = startRun(EVENTS, 616, RATE);
        LongSupplier released = () -> pipeline.processor().stats().eventsReleased();
        awaitReleased(released, EVENTS / 4, run);

        long pauseMs = killAndRestart(leader, released, run);
        System.err.println("[cluster] killed " + leader + ", the queue's leader: events stalled for at most "
                + pauseMs + " ms");

        assertExact(run);
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(EVENTS);
        assertThat(pipeline.listener().stats().brokerNode().current()).isPresent();
        assertThat(pipeline.processor().brokerNode().current()).isPresent();
        assertThat(pipeline.processor().readiness().details()).containsKey("connectedTo");
        System.err.println("[cluster] failovers: listener " + pipeline.listener().stats().brokerNode().failovers()
                + ", processor " + pipeline.processor().brokerNode().failovers());
    }

    @Test
    void aRollingRestartOfEveryNodeDuringOneRunLosesAndRepeatsNothing() throws Exception {
        // 75 s at 6,000 events/s: the three restarts took about 35 s here, so the run outlasts them twice.
        long events = 450_000;
        startPipeline();
        CompletableFuture<RunResult> run = startRun(events, 717, 6_000);
        awaitReleased(() -> pipeline.processor().stats().eventsReleased(), 20_000, run);
        for (String node : List.of("n1", "n2", "n3")) {
            assertThat(run).as("the run is still going when %s is restarted", node).isNotDone();
            cluster.restart(node);
            log.info("rolling restart: {} back at {} events released", node, pipeline.processor().stats().eventsReleased());
        }

        assertExact(run);
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(events);
        System.err.println("[cluster] rolling restart: failovers: listener "
                + pipeline.listener().stats().brokerNode().failovers() + ", processor "
                + pipeline.processor().brokerNode().failovers());
    }

    @Test
    void threeProcessorsFollowTheClustersStreamAcrossTheLossOfTheNodeThatLeadsIt() throws Exception {
        long events = 300_000;
        broker = new BrokerSettings(cluster.uris(), name, name).withScaleOut(true);
        listener = new ListenerService(ListenerConfig.defaults().withEventPort(0), broker, "127.0.0.1");
        listener.start();
        List<Integer> userPorts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProcessorService processor = new ProcessorService(ProcessorConfig.defaults("127.0.0.1", 0), broker).start();
            processors.add(processor);
            assertThat(processor.awaitCaughtUp(Duration.ofSeconds(60))).as("processor %d caught up", i).isTrue();
            userPorts.add(processor.userAddress().getPort());
        }
        String leader = cluster.leader(broker.streamQueue());
        log.info("stream {} is led by {}", broker.streamQueue(), leader);
        CompletableFuture<RunResult> run = startRun(events, 30, 818, 15_000, listener.eventPort(), userPorts);
        LongSupplier slowest = () -> processors.stream().mapToLong(p -> p.stats().eventsReleased()).min().orElse(0);
        awaitReleased(slowest, events / 4, run);

        long pauseMs = killAndRestart(leader, slowest, run);
        System.err.println("[cluster] scale-out: killed " + leader + ", the stream's leader: the slowest processor "
                + "stalled for at most " + pauseMs + " ms");

        RunResult result = assertExact(run);
        for (ProcessorService processor : processors) {
            assertThat(processor.stats().eventsReleased()).as("processor %s read every event once", processor.instanceId())
                    .isEqualTo(events);
        }
        assertThat(processors.stream().mapToLong(p -> p.stats().notifications()).sum())
                .as("each notification written by exactly one processor").isEqualTo(result.notifications());
        System.err.println("[cluster] scale-out: failovers: listener " + listener.stats().brokerNode().failovers()
                + ", processors " + processors.stream().map(p -> Long.toString(p.brokerNode().failovers())).toList());
    }

    @Test
    void aNodeCutOffFromTheOthersPausesAndNothingIsLostOrRepeated() throws Exception {
        String skipped = "the cluster's nodes share one host (not root, or no iproute2), so none can be cut off";
        if (!cluster.isolated()) {
            System.err.println("[skipped] " + ClusterIT.class.getSimpleName() + " partition: " + skipped);
        }
        assumeTrue(cluster.isolated(), skipped);
        startPipeline();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.processor().brokerNode().current().isPresent());
        String cut = cluster.nodeAt(pipeline.processor().brokerNode().current().orElseThrow());
        long failoversBefore = pipeline.processor().brokerNode().failovers();
        log.info("processor connected to {}; queue {} led by {}", cut, name, cluster.leader(name));
        CompletableFuture<RunResult> run = startRun(600_000, 919, 15_000);
        LongSupplier released = () -> pipeline.processor().stats().eventsReleased();
        awaitReleased(released, 100_000, run);

        long cutAt = System.nanoTime();
        CompletableFuture<Void> partitioned = CompletableFuture.runAsync(() -> {
            try {
                cluster.partition(cut);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            long pauseMs = longestStallMs(released, cutAt, () -> (partitioned.isDone()
                    && System.nanoTime() - cutAt > TimeUnit.SECONDS.toNanos(20)) || run.isDone());
            System.err.println("[cluster] partition: cut off " + cut + " (the processor's node): events stalled for at most "
                    + pauseMs + " ms");
            partitioned.get(300, TimeUnit.SECONDS);
        } finally {
            cluster.heal();
        }

        assertExact(run);
        assertThat(released.getAsLong()).isEqualTo(600_000);
        assertThat(pipeline.processor().brokerNode().failovers()).as("the processor left the paused node")
                .isGreaterThan(failoversBefore);
        System.err.println("[cluster] partition: failovers: listener " + pipeline.listener().stats().brokerNode().failovers()
                + ", processor " + pipeline.processor().brokerNode().failovers());
    }
}
