package com.followermaze.common.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;

/**
 * {@code amqps://} is verified: the connector is pointed at a TLS server that is not a broker
 * (it completes the handshake, then hangs up), so what is tested is whom the connector trusts,
 * not AMQP.
 */
@Timeout(30)
class BrokerConnectorTlsTest {

    @TempDir
    Path dir;

    private SSLServerSocket server;

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBrokerCertificateSignedByTheGivenCaAndNamingTheHostIsAccepted() throws Exception {
        TestPki pki = TestPki.create(dir, "broker");
        CompletableFuture<String> handshake = serve(pki.server("broker", "localhost", "127.0.0.1"));

        BrokerConnector connector = connector("amqps://guest:guest@localhost:" + server.getLocalPort() + "/",
                Optional.of(pki.caFile()));

        assertThatThrownBy(connector::connect).isInstanceOf(IOException.class); // not a broker
        assertThat(handshake.get(10, TimeUnit.SECONDS)).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefused() throws Exception {
        TestPki pki = TestPki.create(dir, "broker");
        TestPki stranger = TestPki.create(dir, "stranger");
        CompletableFuture<String> handshake = serve(stranger.server("broker", "localhost", "127.0.0.1"));

        BrokerConnector connector = connector("amqps://guest:guest@localhost:" + server.getLocalPort() + "/",
                Optional.of(pki.caFile()));

        assertThatThrownBy(connector::connect).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
        assertThat(handshake).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutACaBundleTheJvmTrustStoreDecidesAndDoesNotKnowATestCa() throws Exception {
        TestPki pki = TestPki.create(dir, "broker");
        CompletableFuture<String> handshake = serve(pki.server("broker", "localhost", "127.0.0.1"));

        BrokerConnector connector = connector("amqps://guest:guest@localhost:" + server.getLocalPort() + "/",
                Optional.empty());

        assertThatThrownBy(connector::connect).isInstanceOf(SSLHandshakeException.class);
        assertThat(handshake).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void aBrokerCertificateForAnotherHostIsRefused() throws Exception {
        TestPki pki = TestPki.create(dir, "broker");
        CompletableFuture<String> handshake = serve(pki.server("broker", "broker.example.org"));

        BrokerConnector connector = connector("amqps://guest:guest@localhost:" + server.getLocalPort() + "/",
                Optional.of(pki.caFile()));

        assertThatThrownBy(connector::connect).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
                .rootCause().hasMessageContaining("localhost");
        assertThat(handshake).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void aCaBundleNeedsAnAmqpsUri() {
        TestPki pki = TestPki.create(dir, "broker");

        assertThatThrownBy(() -> new BrokerSettings("amqp://localhost/", "x", "q", Optional.of(pki.caFile())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amqp-ca: " + pki.caFile() + " (only with an amqps:// amqp-uri, not amqp://localhost/)");
    }

    @Test
    void aMissingCaBundleIsNamedWithItsSetting() {
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> new BrokerSettings("amqps://localhost/", "x", "q", Optional.of(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amqp-ca: " + missing + " (no such file)");
    }

    @Test
    void amqpsWithoutAPortUsesTheTlsPort() {
        BrokerConnector connector = connector("amqps://guest:guest@localhost/", Optional.empty());

        assertThat(connector.factory().getPort()).isEqualTo(5671);
        assertThat(connector.factory().isSSL()).isTrue();
    }

    private static BrokerConnector connector(String uri, Optional<Path> ca) {
        return new BrokerConnector(new BrokerSettings(uri, "x", "q", ca), "tls-test");
    }

    /** Accepts one connection on 127.0.0.1, completes the handshake, answers with its protocol, hangs up. */
    private CompletableFuture<String> serve(ServerFiles files) throws IOException {
        server = (SSLServerSocket) files.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.startHandshake();
                socket.getInputStream().read(); // a TLS 1.3 client sends Finished with its first data
                return socket.getSession().getProtocol();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
