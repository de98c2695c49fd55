package com.followermaze.common.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.common.testing.RealRabbitMq;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/** Which type the queues get, and a queue that exists with another type. */
class QueueTypeTest {

    private static final Map<String, Object> RABBITMQ = Map.of("product", "RabbitMQ", "version", "3.10.8");
    private static final Map<String, Object> QPID = Map.of("product", "Apache Qpid Broker-J Core", "version", "10.1.0");
    private static final BrokerSettings DEFAULT = BrokerSettings.of("amqp://u:secret@broker:5672");

    @Test
    void rabbitMqGetsQuorumQueuesAndAnyOtherBrokerClassicUnlessTheSettingSays() {
        assertThat(Topology.queueType(RABBITMQ, DEFAULT)).isEqualTo(QueueType.QUORUM);
        assertThat(Topology.queueType(QPID, DEFAULT)).isEqualTo(QueueType.CLASSIC);
        assertThat(Topology.queueType(RABBITMQ, DEFAULT.withQueueType(Optional.of(QueueType.CLASSIC))))
                .isEqualTo(QueueType.CLASSIC);
        assertThat(Topology.queueType(QPID, DEFAULT.withQueueType(Optional.of(QueueType.CLASSIC))))
                .isEqualTo(QueueType.CLASSIC);
    }

    @Test
    void quorumOnABrokerWithoutItIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Topology.queueType(QPID, DEFAULT.withQueueType(Optional.of(QueueType.QUORUM))))
                .isInstanceOf(UnsupportedBrokerException.class)
                .hasMessageContaining("--queue-type").hasMessageContaining("QUEUE_TYPE").hasMessageContaining("Qpid")
                .hasMessageNotContaining("secret");
    }

    @Test
    void theSettingTakesEitherTypeInAnyCaseAndNothingElse() {
        assertThat(QueueType.parse("Quorum")).isEqualTo(QueueType.QUORUM);
        assertThat(QueueType.parse("classic")).isEqualTo(QueueType.CLASSIC);
        assertThatThrownBy(() -> QueueType.parse("stream"))
                .hasMessage("queue-type (--queue-type / QUEUE_TYPE): \"stream\" (expected quorum or classic)");
    }

    @Test
    @Timeout(60)
    void aQueueThatExistsWithAnotherTypeStopsTheServiceNamingTheQueueBothTypesAndTheSetting() throws Exception {
        String name = "fm-test-queue-type-" + UUID.randomUUID();
        BrokerSettings quorum = new BrokerSettings(RealRabbitMq.uriOrSkip(), name, name);
        BrokerSettings classic = quorum.withQueueType(Optional.of(QueueType.CLASSIC));
        try (Connection connection = new BrokerConnector(quorum, "queue type test").connect()) {
            Topology.declare(connection.createChannel(), classic);
            assertThatThrownBy(() -> Topology.declare(connection.createChannel(), quorum))
                    .isInstanceOf(UnsupportedBrokerException.class)
                    .hasMessageStartingWith("queue " + name + " exists as a classic queue")
                    .hasMessageContaining("queue-type (--queue-type / QUEUE_TYPE) is quorum (the default on RabbitMQ)")
                    .hasMessageContaining("--queue-type classic")
                    .hasMessageNotContaining("PRECONDITION_FAILED");
            RealRabbitMq.deleteTopology(connection.createChannel(), classic);

            Topology.declare(connection.createChannel(), quorum);
            Channel check = connection.createChannel();
            assertThatCode(() -> check.queueDeclare(name, true, false, false, Map.of("x-queue-type", "quorum",
                    "x-max-length", BrokerSettings.DEFAULT_MAX_QUEUED_BATCHES, "x-overflow", "reject-publish")))
                    .doesNotThrowAnyException();
            assertThatCode(() -> check.queueDeclare(quorum.rejectedQueue(), true, false, false,
                    Map.of("x-queue-type", "quorum", "x-max-length", Topology.REJECTED_LINES_KEPT)))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> Topology.declare(connection.createChannel(), classic))
                    .isInstanceOf(UnsupportedBrokerException.class)
                    .hasMessageStartingWith("queue " + name + " exists as a quorum queue")
                    .hasMessageContaining("queue-type (--queue-type / QUEUE_TYPE) is classic.")
                    .hasMessageContaining("--queue-type quorum");
            RealRabbitMq.deleteTopology(connection.createChannel(), quorum);
        }
    }
}
