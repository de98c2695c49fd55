package com.followermaze.app;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.followermaze.app.broker.EmbeddedBroker;
import com.followermaze.common.amqp.BrokerSettings;
import com.followermaze.listener.ListenerConfig;
import com.followermaze.processor.ProcessorConfig;

/**
 * The operations port of the one-JVM pipeline on the embedded broker: the metrics after a small
 * run, and readiness following the broker down and back up.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OpsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private FollowerMaze pipeline;

    @BeforeEach
    void start() throws Exception {
        pipeline = FollowerMaze.start("127.0.0.1", Optional.empty(), 0, BrokerSettings.DEFAULT_EXCHANGE,
                BrokerSettings.DEFAULT_QUEUE, ListenerConfig.defaults().withEventPort(0),
                ProcessorConfig.defaults("127.0.0.1", 0), OptionalInt.of(0));
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + pipeline.httpAddress().orElseThrow().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String metrics, String name) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.E-]+)$").matcher(metrics);
        assertThat(line.find()).as("%s in the metrics", name).isTrue();
        return Double.parseDouble(line.group(1));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void metricsShowWhatASmallRunDid() throws Exception {
        try (Socket user = new Socket("127.0.0.1", pipeline.userAddress().getPort())) {
            user.setSoTimeout(30_000);
            user.getOutputStream().write("5\n".getBytes(US_ASCII));
            await().atMost(WAIT).until(() -> pipeline.processor().users().size() == 1);
            try (Socket source = new Socket("127.0.0.1", pipeline.eventAddress().getPort())) {
                OutputStream out = source.getOutputStream();
                out.write("2|F|7|5\n1|B\nx|B\n3|S|5\n4|P|5|7\n".getBytes(US_ASCII));
                out.flush();
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(user.getInputStream(), US_ASCII));
            assertThat(lines.readLine()).isEqualTo("1|B");
            assertThat(lines.readLine()).isEqualTo("2|F|7|5");

            await().atMost(WAIT).untilAsserted(() -> assertThat(scrape())
                    .contains("followermaze_listener_events_confirmed_total 4.0")
                    .contains("followermaze_listener_unconfirmed_batches 0.0")
                    .contains("followermaze_processor_events_released_total 4.0"));
            String metrics = scrape();

            assertThat(metrics).contains(
                    "followermaze_listener_events_read_total 5.0",
                    "followermaze_listener_events_accepted_total 4.0",
                    "followermaze_listener_events_rejected_total{reason=\"bad_sequence\"} 1.0",
                    "followermaze_listener_events_rejected_total{reason=\"empty_line\"} 0.0",
                    "followermaze_listener_events_published_total 4.0",
                    "followermaze_listener_unconfirmed_batches 0.0",
                    "followermaze_listener_broker_connected 1.0",
                    "followermaze_processor_events_consumed_total 4.0",
                    "followermaze_processor_duplicates_total{kind=\"held\"} 0.0",
                    "followermaze_processor_sequencer_held_events 0.0",
                    "followermaze_processor_sequencer_gap_age_seconds 0.0",
                    "followermaze_processor_last_released_sequence 4.0",
                    "followermaze_processor_stream_undecided_events 0.0",
                    "followermaze_processor_stream_undecided_age_seconds 0.0",
                    "followermaze_processor_stream_decisions_total{outcome=\"continuation\",reason=\"deadline\"} 0.0",
                    "followermaze_processor_stream_decisions_total{outcome=\"new_stream\",reason=\"sequence_one\"} 0.0",
                    "followermaze_processor_notifications_written_total 2.0",
                    "followermaze_processor_users_connected 1.0",
                    "followermaze_processor_user_connections 1.0",
                    "followermaze_processor_user_connections_refused_total 0.0",
                    "followermaze_processor_tls_handshakes_failed_total 0.0",
                    "followermaze_listener_tls_handshakes_failed_total 0.0",
                    "followermaze_processor_slow_client_disconnects_total 0.0",
                    "followermaze_processor_broker_connected 1.0",
                    "jvm_memory_used_bytes{",
                    "jvm_gc_",
                    "jvm_threads_live_threads");
            assertThat(metrics).containsPattern("followermaze_listener_publish_latency_seconds_sum [0-9.E-]+");
            // One batch, or two when the linger sent the events before the source's end (an empty
            // END batch): the count depends on timing, that every batch was confirmed does not.
            double published = value(metrics, "followermaze_listener_batches_published_total");
            assertThat(published).isBetween(1.0, 2.0);
            assertThat(value(metrics, "followermaze_listener_batches_confirmed_total")).isEqualTo(published);
            assertThat(value(metrics, "followermaze_listener_publish_latency_seconds_count")).isEqualTo(published);
        }
    }

    @Test
    void readinessFollowsTheBrokerDownAndBackUp() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/health/ready").statusCode()).isEqualTo(200));
        assertThat(get("/health/ready").body())
                .contains("\"listener\":{\"ready\":true,\"reason\":\"publishing\"")
                .contains("\"processor\":{\"ready\":true,\"reason\":\"consuming\"")
                .contains("\"lastReleasedSeq\":0");
        EmbeddedBroker broker = pipeline.embeddedBroker().orElseThrow();

        broker.stop();

        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> ready = get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"listener\":{\"ready\":false,\"reason\":\"broker not connected\"")
                    .contains("\"processor\":{\"ready\":false,\"reason\":\"broker not connected\"");
        });
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(scrape()).contains("followermaze_listener_broker_connected 0.0",
                "followermaze_processor_broker_connected 0.0");

        broker.restart();

        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/health/ready").statusCode()).isEqualTo(200));
        assertThat(scrape()).contains("followermaze_listener_broker_connected 1.0",
                "followermaze_processor_broker_connected 1.0");
    }
}
