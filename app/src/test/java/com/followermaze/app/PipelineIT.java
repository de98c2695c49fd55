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
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;

/**
 * The whole pipeline, over real sockets on 127.0.0.1, verified by the load generator: every
 * connected user's exact notification sequence, through the embedded broker and through the
 * real RabbitMQ, and two streams in a row against one running pipeline.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PipelineIT {

    private static final long EVENTS = 100_000;
    private static final int CLIENTS = 20;
    private static final int USERS = 100;

    private FollowerMaze pipeline;
    private String rabbitQueue;

    @AfterEach
    void tearDown() throws Exception {
        if (pipeline != null) {
            BrokerSettings broker = pipeline.broker();
            pipeline.close();
            if (rabbitQueue != null) {
                RealRabbitMq.deleteTopology(broker);
            }
        }
    }

    private void start(Optional<BrokerSettings> broker) throws Exception {
        pipeline = FollowerMaze.start("127.0.0.1", broker, 0, BrokerSettings.DEFAULT_EXCHANGE,
                BrokerSettings.DEFAULT_QUEUE, ListenerConfig.defaults().withEventPort(0),
                ProcessorConfig.defaults("127.0.0.1", 0));
    }

    private RunResult runLoadgen(long seed, Scenario scenario) throws Exception {
        RunResult result = LoadgenRuns.run(LoadgenRuns.config(EVENTS, CLIENTS, USERS, seed, scenario, 0,
                Duration.ofSeconds(20), pipeline.eventAddress().getPort(), List.of(pipeline.userAddress().getPort())));
        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.eventsSent()).isEqualTo(EVENTS);
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        return result;
    }

    @Test
    void everyUserGetsExactlyItsNotificationsThroughTheEmbeddedBroker() throws Exception {
        start(Optional.empty());
        runLoadgen(666, Scenario.DEFAULT);
        assertThat(pipeline.listener().stats().linesRejected()).isZero();
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(EVENTS);
    }

    @Test
    void everyUserGetsExactlyItsNotificationsThroughRealRabbitMq() throws Exception {
        rabbitQueue = "fm-pipeline-it-" + UUID.randomUUID();
        start(Optional.of(new BrokerSettings(RealRabbitMq.uriOrSkip(), rabbitQueue, rabbitQueue)));
        runLoadgen(666, Scenario.DEFAULT);
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(EVENTS);
    }

    @Test
    void twoRunsInARowAgainstOneRunningPipelineBothPass() throws Exception {
        start(Optional.empty());
        runLoadgen(1, Scenario.DEFAULT);
        runLoadgen(2, Scenario.DEFAULT);
        assertThat(pipeline.processor().stats().streamsStarted()).isEqualTo(1);
        assertThat(pipeline.processor().users().size()).as("the users of run 1 disconnected").isLessThanOrEqualTo(CLIENTS);
    }
}
