package com.followermaze.app;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.common.testing.TestPki;
import com.followermaze.common.testing.TestPki.ServerFiles;
import com.followermaze.common.tls.ServerTls;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.processor.ProcessorConfig;

/**
 * The whole pipeline (embedded broker) with TLS on both the event port and the user port, one
 * certificate made by the test serving both, as {@code bin/follower-maze} does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsPipelineIT {

    @TempDir
    Path dir;

    private FollowerMaze pipeline;

    @AfterEach
    void tearDown() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aUserOnTheTlsUserPortGetsTheEventsASourceSentOnTheTlsEventPort() throws Exception {
        TestPki pki = TestPki.create(dir, "fm");
        ServerFiles files = pki.server("follower-maze", "localhost", "127.0.0.1");
        ServerTls tls = ServerTls.fromPem(files.cert(), files.key());
        pipeline = FollowerMaze.start("127.0.0.1", Optional.empty(), 0, BrokerSettings.DEFAULT_EXCHANGE,
                BrokerSettings.DEFAULT_QUEUE, ListenerConfig.defaults().withEventPort(0).withEventTls(tls),
                ProcessorConfig.defaults("127.0.0.1", 0).withUserTls(tls));

        try (SSLSocket user = connect(pki, pipeline.userAddress().getPort());
             SSLSocket source = connect(pki, pipeline.eventAddress().getPort())) {
            user.getOutputStream().write("42\n".getBytes(US_ASCII));
            user.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.processor().users().get(42) != null);

            OutputStream events = source.getOutputStream();
            events.write("1|F|7|42\n2|P|7|42\n3|S|42\n4|B\n".getBytes(US_ASCII));
            events.flush();

            BufferedReader in = new BufferedReader(new InputStreamReader(user.getInputStream(), US_ASCII));
            assertThat(in.readLine()).isEqualTo("1|F|7|42");
            assertThat(in.readLine()).isEqualTo("2|P|7|42");
            assertThat(in.readLine()).isEqualTo("4|B");
        }
    }

    private static SSLSocket connect(TestPki pki, int port) throws Exception {
        SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory().createSocket();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 30_000);
        socket.setSoTimeout(30_000);
        return socket;
    }
}
