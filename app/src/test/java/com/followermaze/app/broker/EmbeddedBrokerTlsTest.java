package com.followermaze.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

/**
 * {@code amqps://} end to end: the embedded broker with a TLS port and a certificate made by
 * the test, and {@link BrokerConnector} with {@code --amqp-ca}.
 */
@Timeout(60)
class EmbeddedBrokerTlsTest {

    @TempDir
    static Path dir;

    private static EmbeddedBroker broker;
    private static TestPki pki;
    private static int tlsPort;

    @BeforeAll
    static void startBroker() {
        pki = TestPki.create(dir, "broker");
        ServerFiles files = pki.rsaServer("broker", "localhost", "127.0.0.1");
        broker = EmbeddedBroker.start(0);
        tlsPort = broker.addTlsPort(files.cert(), files.key());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aMessageMakesTheRoundTripOverVerifiedAmqps() throws Exception {
        BrokerSettings settings = new BrokerSettings("amqps://guest:guest@127.0.0.1:" + tlsPort + "/",
                "fm-test.tls", "fm-test.tls", Optional.of(pki.caFile()));

        try (Connection connection = new BrokerConnector(settings, "tls-test").connect()) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("fm-test.tls", false, false, true, null);
            channel.confirmSelect();
            channel.basicPublish("", "fm-test.tls", null, "1|B\n".getBytes(StandardCharsets.US_ASCII));
            channel.waitForConfirmsOrDie(30_000);
            GetResponse response = channel.basicGet("fm-test.tls", true);
            assertThat(response).isNotNull();
            assertThat(new String(response.getBody(), StandardCharsets.US_ASCII)).isEqualTo("1|B\n");
        }
    }

    @Test
    void theBrokerIsRefusedWithoutItsCa() {
        BrokerSettings settings = new BrokerSettings("amqps://guest:guest@127.0.0.1:" + tlsPort + "/",
                "fm-test.tls", "fm-test.tls", Optional.of(TestPki.create(dir, "other").caFile()));

        assertThatThrownBy(() -> new BrokerConnector(settings, "tls-test").connect())
                .isInstanceOf(SSLHandshakeException.class);
    }
}
