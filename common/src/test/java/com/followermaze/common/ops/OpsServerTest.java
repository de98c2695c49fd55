package com.followermaze.common.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.micrometer.core.instrument.Counter;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpsServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final Telemetry telemetry = new Telemetry();
    private final AtomicBoolean brokerUp = new AtomicBoolean(true);
    private OpsServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        telemetry.close();
    }

    private void start() throws IOException {
        Map<String, Supplier<Readiness>> checks = new LinkedHashMap<>();
        checks.put("listener", () -> new Readiness(true, "publishing", Map.of("brokerConnected", true)));
        checks.put("processor", () -> brokerUp.get()
                ? new Readiness(true, "consuming", Map.of("lastReleasedSeq", 42L))
                : new Readiness(false, "broker not connected", Map.of("lastReleasedSeq", 42L)));
        server = OpsServer.start("127.0.0.1", 0, telemetry, checks);
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAnswersInThePrometheusTextFormatWithTheServicesAndTheJvmsSeries() throws Exception {
        Counter.builder("followermaze.test.things").register(telemetry.registry()).increment(3);
        start();

        HttpResponse<String> response = send("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Telemetry.CONTENT_TYPE);
        assertThat(response.body())
                .contains("followermaze_test_things_total 3.0")
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_threads_live_threads")
                .contains("process_uptime_seconds");
    }

    @Test
    void liveAnswers200WhileTheProcessRuns() throws Exception {
        brokerUp.set(false);
        start();

        HttpResponse<String> response = send("GET", "/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"live\":true");
    }

    @Test
    void readyIs200WhenEveryServiceIsReadyAnd503SayingWhyWhenOneIsNot() throws Exception {
        start();
        HttpResponse<String> ready = send("GET", "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(ready.body().trim()).isEqualTo("{\"ready\":true,\"services\":{"
                + "\"listener\":{\"ready\":true,\"reason\":\"publishing\",\"brokerConnected\":true},"
                + "\"processor\":{\"ready\":true,\"reason\":\"consuming\",\"lastReleasedSeq\":42}}}");

        brokerUp.set(false);
        HttpResponse<String> notReady = send("GET", "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).startsWith("{\"ready\":false,")
                .contains("\"processor\":{\"ready\":false,\"reason\":\"broker not connected\",\"lastReleasedSeq\":42}");
    }

    @Test
    void anUnknownPathIs404AndAnotherMethodIs405() throws Exception {
        start();
        assertThat(send("GET", "/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("HEAD", "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void readinessDetailsAreEscapedJson() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("note", "a \"quoted\" \\ value\n");
        String json = Readiness.toJson(Map.of("svc", new Readiness(false, "down", details)));
        assertThat(json).isEqualTo("{\"ready\":false,\"services\":{\"svc\":{\"ready\":false,\"reason\":\"down\","
                + "\"note\":\"a \\\"quoted\\\" \\\\ value\\u000a\"}}}");
    }
}
