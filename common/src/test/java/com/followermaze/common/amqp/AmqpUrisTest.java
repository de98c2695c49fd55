package com.followermaze.common.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AmqpUrisTest {

    @Test
    void masksThePasswordAndKeepsTheRest() {
        assertThat(AmqpUris.mask("amqp://guest:s3cret@10.0.0.1:5672/vh")).isEqualTo("amqp://guest:****@10.0.0.1:5672/vh");
        assertThat(AmqpUris.mask("amqps://u:p@host")).isEqualTo("amqps://u:****@host");
    }

    @Test
    void leavesAUriWithoutPasswordAlone() {
        assertThat(AmqpUris.mask("amqp://host:5672")).isEqualTo("amqp://host:5672");
        assertThat(AmqpUris.mask("amqp://user@host")).isEqualTo("amqp://user@host");
    }

    @Test
    void brokerSettingsNeverShowThePassword() {
        BrokerSettings settings = BrokerSettings.of("amqp://guest:hunter2@localhost:5672");
        assertThat(settings.toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> BrokerSettings.of("http://guest:hunter2@localhost"))
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("expected amqp://");
    }
}
