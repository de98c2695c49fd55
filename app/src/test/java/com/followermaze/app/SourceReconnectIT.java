package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.RealRabbitMq;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.net.LineTerminator;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;

/**
 * An event source that closes its connection and reconnects at once, carrying on its
 * numbering, at several points of a run (mid-batch included), on default settings: the load
 * generator checks every user's exact lines. Also with the old connections left open, and with
 * the listener's confirm window so small that the old connection has a backlog in its socket
 * whenever the source reconnects.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SourceReconnectIT {

    private static final long EVENTS = 200_000;
    private static final List<Long> RECONNECTS = List.of(500L, 5_000L, 50_000L, 123_457L, 199_999L);

    private FollowerMaze pipeline;
    private boolean onRabbitMq;

    @AfterEach
    void tearDown() throws Exception {
        if (pipeline != null) {
            BrokerSettings broker = pipeline.broker();
            pipeline.close();
            if (onRabbitMq) {
                RealRabbitMq.deleteTopology(broker);
            }
        }
    }

    private void start(Optional<BrokerSettings> broker, ListenerConfig listener) throws Exception {
        pipeline = FollowerMaze.start("127.0.0.1", broker, 0, BrokerSettings.DEFAULT_EXCHANGE,
                BrokerSettings.DEFAULT_QUEUE, listener, ProcessorConfig.defaults("127.0.0.1", 0));
    }

    private Optional<BrokerSettings> rabbitMq() {
        String name = "fm-reconnect-it-" + UUID.randomUUID();
        Optional<BrokerSettings> broker = Optional.of(new BrokerSettings(RealRabbitMq.uriOrSkip(), name, name));
        onRabbitMq = true;
        return broker;
    }

    private RunResult run(LineTerminator terminator, List<Long> reconnects, boolean leaveOpen) throws Exception {
        RunResult result = LoadgenRuns.run(LoadgenRuns.config(EVENTS, 20, 100, 666, Scenario.DEFAULT, 0,
                Duration.ofSeconds(20), pipeline.eventAddress().getPort(), List.of(pipeline.userAddress().getPort()),
                terminator, reconnects, leaveOpen));
        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(EVENTS);
        assertThat(pipeline.processor().stats().streamsStarted()).as("one stream throughout").isZero();
        assertThat(pipeline.listener().stats().sourcesRefused()).isZero();
        assertThat(pipeline.listener().stats().sourcesAccepted()).isEqualTo(reconnects.size() + 1L);
        return result;
    }

    @Test
    void aSourceThatReconnectsAtOnceAtSeveralPointsLosesNothingOnTheEmbeddedBroker() throws Exception {
        start(Optional.empty(), ListenerConfig.defaults().withEventPort(0));
        run(LineTerminator.LF, RECONNECTS, false);
    }

    @Test
    void aSourceThatReconnectsAtOnceWithCrlfLosesNothingThroughRabbitMq() throws Exception {
        start(rabbitMq(), ListenerConfig.defaults().withEventPort(0));
        run(LineTerminator.CRLF, RECONNECTS, false);
    }

    @Test
    void aSourceThatLeavesItsOldConnectionsOpenIsTakenOverAndLosesNothing() throws Exception {
        start(Optional.empty(), ListenerConfig.defaults().withEventPort(0));
        run(LineTerminator.LF, List.of(20_000L, 150_000L), true);
        assertThat(pipeline.listener().stats().sourcesTakenOver()).isEqualTo(2);
    }

    @Test
    void aSourceThatReconnectsWhileTheConfirmWindowIsFullLosesNothingOfTheBacklog() throws Exception {
        // Two small batches in flight at most: the listener pauses reading all the time, so each
        // old connection still holds unread events in its socket when the source reconnects.
        start(rabbitMq(), ListenerConfig.defaults().withEventPort(0).withBatching(50, 64 * 1024, 5)
                .withMaxInflightBatches(2));
        run(LineTerminator.LF, RECONNECTS, false);
        assertThat(pipeline.listener().stats().timesPaused()).isPositive();
    }
}
