package com.followermaze.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import com.followermaze.loadgen.verify.Failure;
import com.followermaze.loadgen.verify.ReconnectTotals;
import com.followermaze.loadgen.verify.FailureKind;

class JsonResultTest {

    @Test
    void isOneLineWithEveryFieldAndEscapedStrings() {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        latency.recordValue(1_500);
        Failure failure = new Failure(FailureKind.OUT_OF_ORDER, "client 3 (user 9)", "5|B", "7|\"B\\", "seq 7 arrived before seq 5");
        RunResult result = new RunResult(false, "in-order", 42, 10, 100, 1_000, 800, 50, 40, Duration.ofMillis(2_000),
                latency, 1, List.of(failure), List.of(), ReconnectTotals.OFF,
                new WireSettings("CRLF", List.of(500L, 5_000L), true, 3), List.of(new Silence(1_000_000_000L, 1_250_000_000L)));

        String json = JsonResult.format(result);

        assertThat(json.lines().count()).isEqualTo(1);
        assertThat(json).isEqualTo("{\"passed\":false,\"scenario\":\"in-order\",\"seed\":42,\"clients\":10,\"users\":100,\"events\":800,"
                + "\"totalEvents\":1000,\"lineTerminator\":\"CRLF\",\"sourceReconnectAt\":[500,5000],\"sourceLeaveOpen\":true,"
                + "\"sourceConnections\":3,\"notifications\":40,\"expectedNotifications\":50,\"elapsedMs\":2000,"
                + "\"eventsPerSecond\":400,\"latencyMs\":{\"p50\":1.500,\"p99\":1.500,\"p999\":1.500,\"max\":1.500},"
                + "\"longestSilenceMs\":250,\"failures\":1,\"firstFailures\":[{\"kind\":\"OUT_OF_ORDER\",\"where\":\"client 3 (user 9)\","
                + "\"expected\":\"5|B\",\"got\":\"7|\\\"B\\\\\",\"detail\":\"seq 7 arrived before seq 5\"}]}");
        assertThat(json.endsWith("}")).isTrue();
    }
}
