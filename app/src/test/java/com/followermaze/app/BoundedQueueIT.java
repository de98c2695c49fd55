package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.app.broker.EmbeddedBrokerConfig;
import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.amqp.QueueType;
import com.followermaze.common.testing.RealRabbitMq;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.listener.ListenerStats;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/**
 * The bounded event queue ({@code --max-queued-batches}) under a source faster than the
 * processor: a bound of {@value #BOUND} batches, small batches and a processor that takes one
 * at a time, so that the queue is full for most of the run. RabbitMQ refuses what does not fit
 * and the listener publishes it again; its window fills and it pauses the source. The embedded
 * broker's queue has no bound of its own (see {@code Topology}): there the listener pauses the
 * source while the bound and the processor's prefetch are not yet acknowledged. The load generator
 * checks that every user gets exactly its lines, once each and in order; a second connection
 * reads the queue's depth with passive declares all through the run.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BoundedQueueIT {

    private static final int BOUND = 2;
    private static final long EVENTS = 100_000;
    private static final int BATCH_SIZE = 50;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private FollowerMaze pipeline;
    private boolean onRabbitMq;

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        if (pipeline != null) {
            BrokerSettings broker = pipeline.broker();
            pipeline.close();
            if (onRabbitMq) {
                RealRabbitMq.deleteTopology(broker);
            }
        }
    }

    @Test
    void onAClassicQueueTheQueueNeverHoldsMoreThanTheBoundAndEveryEventReachesItsUsersOnceInOrder() throws Exception {
        start(QueueType.CLASSIC);
        runAndCheckRefusals(BOUND);
    }

    /**
     * A quorum queue overshoots its bound (63 batches were seen with a bound of 2): this checks it
     * stays within the bound and the listener's confirm window, which caps what is on its way.
     */
    @Test
    void onAQuorumQueueTheQueueHoldsAtMostTheBoundAndOneConfirmWindowAndEveryEventReachesItsUsersOnceInOrder()
            throws Exception {
        start(QueueType.QUORUM);
        runAndCheckRefusals(BOUND + ListenerConfig.DEFAULT_MAX_INFLIGHT_BATCHES);
    }

    @Test
    void onTheEmbeddedBrokerTheListenerPausesWhileTheBoundAndThePrefetchAreUnacknowledgedAndEveryEventReachesItsUsersOnceInOrder()
            throws Exception {
        String name = "fm-bounded-it-" + UUID.randomUUID();
        int prefetch = 1;
        pipeline = FollowerMaze.start("127.0.0.1", Optional.empty(), EmbeddedBrokerConfig.onLoopback(0), name, name,
                BOUND, listener(), processor(prefetch), OptionalInt.empty(), () -> { }, settings -> { });
        ListenerStats listener = pipeline.listener().stats();
        int limit = BOUND + prefetch;
        assertThat(listener.unacknowledgedLimit()).isEqualTo(limit);
        long pausedBefore = listener.timesPaused();

        // A cut due when the source paused (a linger's) still takes its slot: one batch over.
        Observed observed = runAndCheck(limit + 1);

        assertThat(observed.mostUnacknowledged()).as("the most batches seen unacknowledged").isBetween(1, limit + 1);
        assertThat(observed.processorBehindSeen()).as("the source seen paused for the processor").isTrue();
        assertThat(listener.timesPaused()).isGreaterThan(pausedBefore);
        assertThat(listener.batchesNacked()).as("the embedded broker refuses nothing").isZero();
        assertThat(listener.unacknowledgedBatches()).as("every batch acknowledged by the end").isZero();
    }

    private void start(QueueType type) throws Exception {
        String name = "fm-bounded-it-" + UUID.randomUUID();
        onRabbitMq = true;
        pipeline = FollowerMaze.start("127.0.0.1",
                Optional.of(new BrokerSettings(RealRabbitMq.uriOrSkip(), name, name).withMaxQueuedBatches(BOUND)
                        .withQueueType(Optional.of(type))),
                EmbeddedBrokerConfig.onLoopback(0), name, name, BOUND, listener(), processor(1), OptionalInt.empty(),
                () -> { }, settings -> { });
    }

    private static ListenerConfig listener() {
        return ListenerConfig.defaults().withEventPort(0).withBatching(BATCH_SIZE, ListenerConfig.DEFAULT_BATCH_BYTES,
                ListenerConfig.DEFAULT_BATCH_LINGER_MS);
    }

    private static ProcessorConfig processor(int prefetch) {
        return ProcessorConfig.defaults("127.0.0.1", 0).withPrefetch(prefetch);
    }

    /** What a run showed beside its result: the most batches seen unacknowledged, and whether the source was seen paused for the processor. */
    private record Observed(int mostUnacknowledged, boolean processorBehindSeen) {
    }

    /** A run on a RabbitMQ queue: the broker refused batches, the listener published them again and paused the source. */
    private void runAndCheckRefusals(int deepestAllowed) throws Exception {
        ListenerStats listener = pipeline.listener().stats();
        long pausedBefore = listener.timesPaused();
        runAndCheck(deepestAllowed);
        assertThat(listener.batchesNacked()).as("the broker refused batches beyond the bound").isPositive();
        assertThat(listener.batchesRepublished()).as("each refused batch published again")
                .isGreaterThanOrEqualTo(listener.batchesNacked());
        assertThat(listener.timesPaused()).as("reading the source paused while refused batches waited")
                .isGreaterThan(pausedBefore);
    }

    private Observed runAndCheck(int deepestAllowed) throws Exception {
        ListenerStats listener = pipeline.listener().stats();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger deepest = new AtomicInteger(-1);
        AtomicInteger mostUnacknowledged = new AtomicInteger();
        AtomicBoolean processorBehind = new AtomicBoolean();
        AtomicLong samples = new AtomicLong();
        Future<?> depth = threads.submit(() -> {
            try (Connection connection = new BrokerConnector(pipeline.broker(), "bounded-it-depth").connect()) {
                Channel channel = connection.createChannel();
                while (running.get()) {
                    deepest.accumulateAndGet(channel.queueDeclarePassive(pipeline.broker().queue()).getMessageCount(),
                            Math::max);
                    mostUnacknowledged.accumulateAndGet(listener.unacknowledgedBatches(), Math::max);
                    if (listener.processorBehind()) {
                        processorBehind.set(true);
                    }
                    samples.incrementAndGet();
                }
            }
            return null;
        });
        Future<RunResult> run = threads.submit(() -> LoadgenRuns.run(LoadgenRuns.config(EVENTS, 20, 200, 7,
                Scenario.DEFAULT, 0, Duration.ofSeconds(60), pipeline.eventAddress().getPort(),
                List.of(pipeline.userAddress().getPort()))));
        RunResult result;
        try {
            result = run.get(200, TimeUnit.SECONDS);
        } finally {
            running.set(false);
        }
        depth.get(30, TimeUnit.SECONDS);

        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.eventsSent()).isEqualTo(EVENTS);
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        assertThat(pipeline.processor().stats().eventsReleased()).as("released once each").isEqualTo(EVENTS);
        assertThat(samples.get()).as("depth samples").isGreaterThan(100);
        assertThat(deepest.get()).as("the deepest the queue was seen").isBetween(0, deepestAllowed);
        assertThat(listener.batchesConfirmed()).isEqualTo(listener.batchesPublished());
        return new Observed(mostUnacknowledged.get(), processorBehind.get());
    }
}
