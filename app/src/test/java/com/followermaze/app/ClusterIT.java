package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;

/**
 * The whole pipeline on a three-node RabbitMQ cluster of its own ({@link RabbitMqCluster}),
 * given all three nodes, with the event queue a quorum queue: a verified load generator run
 * while the node that leads the queue is killed (SIGKILL) and started again, and every user gets
 * exactly its notifications in order; and a rolling restart of all three nodes during one run,
 * exact too. One cluster for the class.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ClusterIT {

    private static final Logger log = LoggerFactory.getLogger(ClusterIT.class);
    private static final long EVENTS = 400_000;
    private static final long RATE = 20_000;

    private static RabbitMqCluster cluster;

    private final String name = "fm-cluster-it-" + UUID.randomUUID();
    private FollowerMaze pipeline;

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
            BrokerSettings broker = pipeline.broker();
            pipeline.close();
            RealRabbitMq.deleteTopology(broker);
        }
    }

    @Test
    void killingTheNodeThatLeadsTheEventQueueMidRunLosesAndRepeatsNothing() throws Exception {
        BrokerSettings broker = new BrokerSettings(cluster.uris(), name, name);
        pipeline = FollowerMaze.start("127.0.0.1", Optional.of(broker), 0, name, name,
                ListenerConfig.defaults().withEventPort(0), ProcessorConfig.defaults("127.0.0.1", 0));
        String leader = cluster.leader(name);
        log.info("queue {} is led by {}", name, leader);

        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return LoadgenRuns.run(LoadgenRuns.config(EVENTS, 20, 100, 616, Scenario.DEFAULT, RATE,
                        Duration.ofSeconds(90), pipeline.eventAddress().getPort(),
                        List.of(pipeline.userAddress().getPort())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> pipeline.processor().stats().eventsReleased() >= EVENTS / 4 || run.isDone());
        assertThat(run).as("the run is still going when the node is killed").isNotDone();

        long killedAt = System.nanoTime();
        cluster.kill(leader);
        // The pause a node loss causes: the longest time without an event released (each is
        // delivered at once) from the kill until the node is back or the run ends.
        CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> {
            try {
                cluster.restart(leader);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long[] last = {pipeline.processor().stats().eventsReleased(), killedAt, 0};
        Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(5)).until(() -> {
            long now = System.nanoTime();
            long released = pipeline.processor().stats().eventsReleased();
            if (released != last[0]) {
                last[2] = Math.max(last[2], now - last[1]);
                last[0] = released;
                last[1] = now;
            }
            return (restarted.isDone() && now - killedAt > TimeUnit.SECONDS.toNanos(10)) || run.isDone();
        });
        long pauseMs = TimeUnit.NANOSECONDS.toMillis(last[2]);
        log.info("killed {} (leader of {}): longest stall of released events {} ms", leader, name, pauseMs);
        System.err.println("[cluster] killed " + leader + ", the queue's leader: events stalled for at most "
                + pauseMs + " ms");
        restarted.get(300, TimeUnit.SECONDS);

        RunResult result = run.get(300, TimeUnit.SECONDS);
        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(EVENTS);
        assertThat(pipeline.listener().stats().brokerNode().current()).isPresent();
        assertThat(pipeline.processor().brokerNode().current()).isPresent();
        assertThat(pipeline.processor().readiness().details()).containsKey("connectedTo");
        System.err.println("[cluster] failovers: listener " + pipeline.listener().stats().brokerNode().failovers()
                + ", processor " + pipeline.processor().brokerNode().failovers() + "; queue now led by "
                + cluster.leader(name));
    }

    @Test
    void aRollingRestartOfEveryNodeDuringOneRunLosesAndRepeatsNothing() throws Exception {
        long events = 900_000;
        BrokerSettings broker = new BrokerSettings(cluster.uris(), name, name);
        pipeline = FollowerMaze.start("127.0.0.1", Optional.of(broker), 0, name, name,
                ListenerConfig.defaults().withEventPort(0), ProcessorConfig.defaults("127.0.0.1", 0));
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return LoadgenRuns.run(LoadgenRuns.config(events, 20, 100, 717, Scenario.DEFAULT, 6_000,
                        Duration.ofSeconds(90), pipeline.eventAddress().getPort(),
                        List.of(pipeline.userAddress().getPort())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> pipeline.processor().stats().eventsReleased() >= 20_000 || run.isDone());
        for (String node : List.of("n1", "n2", "n3")) {
            assertThat(run).as("the run is still going when %s is restarted", node).isNotDone();
            cluster.restart(node);
            log.info("rolling restart: {} back at {} events released", node, pipeline.processor().stats().eventsReleased());
        }

        RunResult result = run.get(300, TimeUnit.SECONDS);
        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(events);
        System.err.println("[cluster] rolling restart: failovers: listener "
                + pipeline.listener().stats().brokerNode().failovers() + ", processor "
                + pipeline.processor().brokerNode().failovers());
    }
}
