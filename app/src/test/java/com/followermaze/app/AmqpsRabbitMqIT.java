package com.followermaze.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.amqp.BrokerConnector;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.RealRabbitMq;
import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;
import com.followermaze.common.tls.ServerTls;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.loadgen.Scenario;
import com.followermaze.loadgen.report.RunResult;
import com.followermaze.processor.ProcessorConfig;

/**
 * {@code amqps://} against the real RabbitMQ. The local RabbitMQ has no TLS listener (and is
 * not reconfigured for a test), so a TLS-terminating proxy made by the test, with a certificate
 * from a CA made by the test, stands in front of its plain port: the listener and the processor
 * connect with {@code amqps://...@127.0.0.1:<proxy>} and {@code --amqp-ca} set to that CA, and
 * everything they exchange with RabbitMQ crosses TLS. Skipped with a message where no RabbitMQ
 * answers (failed with {@code FM_REQUIRE_RABBITMQ=true}), like every RabbitMQ test.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AmqpsRabbitMqIT {

    private static final long EVENTS = 50_000;
    private static final int CLIENTS = 20;
    private static final int USERS = 100;

    @TempDir
    Path dir;

    private URI rabbit;
    private String name;
    private TlsTerminatingProxy proxy;
    private FollowerMaze pipeline;

    @BeforeEach
    void findRabbitMq() {
        rabbit = URI.create(RealRabbitMq.uriOrSkip());
        name = "fm-amqps-it-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (rabbit != null) { // null when the test was skipped: no RabbitMQ
                // Straight to RabbitMQ, in plain AMQP: the test's own queues and exchanges go.
                BrokerSettings plain = new BrokerSettings(rabbit.toString(), name, name);
                RealRabbitMq.deleteTopology(plain);
            }
        }
    }

    @Test
    void thePipelineRunsOverAmqpsToRabbitMqAndEveryUserGetsExactlyItsNotifications() throws Exception {
        TestPki pki = TestPki.create(dir, "rabbit");
        proxy = proxyWith(pki.server("rabbit-proxy", "localhost", "127.0.0.1"));
        BrokerSettings amqps = new BrokerSettings(amqpsUri(proxy.port()), name, name, Optional.of(pki.caFile()));
        assertThat(amqps.tls()).isTrue();

        pipeline = FollowerMaze.start("127.0.0.1", Optional.of(amqps), 0, name, name,
                ListenerConfig.defaults().withEventPort(0), ProcessorConfig.defaults("127.0.0.1", 0));
        assertThat(pipeline.processor().awaitConsuming(Duration.ofSeconds(30))).as("consuming over amqps").isTrue();

        RunResult result = LoadgenRuns.run(LoadgenRuns.config(EVENTS, CLIENTS, USERS, 42, Scenario.DEFAULT, 0,
                Duration.ofSeconds(20), pipeline.eventAddress().getPort(), List.of(pipeline.userAddress().getPort())));

        assertThat(result.firstFailures()).as("first failures").isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.eventsSent()).isEqualTo(EVENTS);
        assertThat(result.notifications()).isEqualTo(result.expectedNotifications()).isPositive();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pipeline.listener().stats().eventsConfirmed() == EVENTS);
        assertThat(pipeline.processor().stats().eventsReleased()).isEqualTo(EVENTS);
        // The publisher's and the consumer's connections (at least) went through the proxy's TLS.
        assertThat(proxy.handshakes()).isGreaterThanOrEqualTo(2);
        assertThat(proxy.failedHandshakes()).isZero();
    }

    @Test
    void aBrokerCertificateNotSignedByTheTrustedCaIsRefused() throws Exception {
        TestPki trusted = TestPki.create(dir, "trusted");
        TestPki stranger = TestPki.create(dir, "stranger");
        proxy = proxyWith(stranger.server("rabbit-proxy", "localhost", "127.0.0.1"));
        BrokerSettings amqps = new BrokerSettings(amqpsUri(proxy.port()), name, name, Optional.of(trusted.caFile()));

        assertThatThrownBy(() -> new BrokerConnector(amqps, "amqps-it stranger").connect().close())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.failedHandshakes() == 1);
        assertThat(proxy.handshakes()).as("nothing reached RabbitMQ").isZero();
    }

    private TlsTerminatingProxy proxyWith(ServerFiles files) throws InterruptedException {
        int port = rabbit.getPort() > 0 ? rabbit.getPort() : 5672;
        return TlsTerminatingProxy.start(ServerTls.fromPem(files.cert(), files.key()),
                new InetSocketAddress(rabbit.getHost(), port));
    }

    /** The real broker's credentials and virtual host, at the proxy. */
    private String amqpsUri(int proxyPort) {
        // As given: no path is the default virtual host; "/" would be the one named "".
        String path = rabbit.getRawPath() == null ? "" : rabbit.getRawPath();
        return "amqps://" + rabbit.getRawUserInfo() + "@127.0.0.1:" + proxyPort + path;
    }
}
