package com.followermaze.common.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which brokers scale-out accepts, judged from what a broker announces on connecting. */
class TopologyTest {

    private static final BrokerSettings SCALE_OUT =
            new BrokerSettings("amqp://user:secret@broker:5672", "x", "q").withScaleOut(true);

    @Test
    void theEventQueueIsBoundedWithRejectPublishOnRabbitMqAndNotOnQpid() {
        assertThat(Topology.boundedQueue(Map.of("product", "RabbitMQ", "version", "3.10.8"), 2))
                .isEqualTo(Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
        assertThat(Topology.boundedQueue(Map.of("product", "Apache Qpid Broker-J", "version", "10.1.0"), 256))
                .isEmpty();
    }

    @Test
    void aBoundOfZeroDeclaresTheEventQueueWithoutArguments() {
        assertThat(Topology.boundedQueue(Map.of("product", "RabbitMQ", "version", "3.10.8"), 0)).isEmpty();
    }

    @Test
    void versionsAreComparedByMajorThenMinor() {
        assertThat(Topology.atLeast("3.9.0", 3, 9)).isTrue();
        assertThat(Topology.atLeast("3.10.8", 3, 9)).isTrue();
        assertThat(Topology.atLeast("4.0.5", 3, 9)).isTrue();
        assertThat(Topology.atLeast("3.8.35", 3, 9)).isFalse();
        assertThat(Topology.atLeast("2.99", 3, 9)).isFalse();
        assertThat(Topology.atLeast("3.13.0-rc.1", 3, 9)).isTrue();
        assertThat(Topology.atLeast("", 3, 9)).isFalse();
        assertThat(Topology.atLeast("unknown", 3, 9)).isFalse();
    }

    @Test
    void rabbitMqFromThreeNineOnCanKeepTheStream() {
        assertThatCode(() -> Topology.requireStreams(Map.of("product", "RabbitMQ", "version", "3.10.8"), SCALE_OUT))
                .doesNotThrowAnyException();
    }

    @Test
    void anOlderRabbitMqOrAnotherBrokerIsRefusedNamingTheSettingAndTheBroker() {
        assertThatThrownBy(() -> Topology.requireStreams(Map.of("product", "RabbitMQ", "version", "3.8.9"), SCALE_OUT))
                .isInstanceOf(UnsupportedBrokerException.class)
                .hasMessageContaining("--scale-out").hasMessageContaining("RabbitMQ 3.8.9");
        assertThatThrownBy(() -> Topology.requireStreams(
                Map.of("product", "Apache Qpid Broker-J Core", "version", "10.1.0"), SCALE_OUT))
                .isInstanceOf(UnsupportedBrokerException.class)
                .hasMessageContaining("Qpid")
                .hasMessageContaining("amqp://user:****@broker:5672")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Topology.requireStreams(Map.of(), SCALE_OUT))
                .isInstanceOf(UnsupportedBrokerException.class);
    }

    @Test
    void theStreamIsNamedAfterTheQueueSoTheTwoModesDoNotCollide() {
        assertThat(SCALE_OUT.streamQueue()).isEqualTo("q.stream");
        assertThat(SCALE_OUT.withScaleOut(false).scaleOut()).isFalse();
        assertThat(SCALE_OUT.toString()).contains("scaleOut").doesNotContain("secret");
    }
}
