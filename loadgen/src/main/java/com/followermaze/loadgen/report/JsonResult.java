package com.followermaze.loadgen.report;

import java.util.Locale;

import com.followermaze.loadgen.verify.Failure;

/**
 * The result as one line of JSON, for scripts and CI: passed, scenario, seed, events,
 * lineTerminator, sourceReconnectAt [...], sourceLeaveOpen, sourceConnections, notifications,
 * elapsedMs, eventsPerSecond, latencyMs {p50, p99, p999, max}, longestSilenceMs (0 when none reached
 * the recorder's threshold), failures and firstFailures [{kind, where, expected, got, detail}]; with {@code --reconnect} also
 * reconnections {disconnects, reconnects, missed, repeated}.
 */
public final class JsonResult {

    private JsonResult() {
    }

    public static String format(RunResult result) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        json.append("\"passed\":").append(result.passed());
        json.append(",\"scenario\":");
        string(json, result.scenario());
        json.append(",\"seed\":").append(result.seed());
        json.append(",\"clients\":").append(result.clients());
        json.append(",\"users\":").append(result.users());
        json.append(",\"events\":").append(result.eventsSent());
        json.append(",\"totalEvents\":").append(result.totalEvents());
        json.append(",\"lineTerminator\":");
        string(json, result.wire().lineTerminator());
        json.append(",\"sourceReconnectAt\":").append(result.wire().sourceReconnectAt().toString().replace(" ", ""));
        json.append(",\"sourceLeaveOpen\":").append(result.wire().sourceLeaveOpen());
        json.append(",\"sourceConnections\":").append(result.wire().sourceConnections());
        json.append(",\"notifications\":").append(result.notifications());
        json.append(",\"expectedNotifications\":").append(result.expectedNotifications());
        if (result.reconnections().enabled()) {
            var r = result.reconnections();
            json.append(",\"reconnections\":{\"disconnects\":").append(r.disconnects())
                    .append(",\"reconnects\":").append(r.reconnects())
                    .append(",\"missed\":").append(r.missed())
                    .append(",\"repeated\":").append(r.repeated()).append('}');
        }
        json.append(",\"elapsedMs\":").append(result.elapsed().toMillis());
        json.append(",\"eventsPerSecond\":").append(Math.round(result.eventsPerSecond()));
        json.append(",\"latencyMs\":{")
                .append("\"p50\":").append(number(result.latencyMillis(50)))
                .append(",\"p99\":").append(number(result.latencyMillis(99)))
                .append(",\"p999\":").append(number(result.latencyMillis(99.9)))
                .append(",\"max\":").append(number(result.maxLatencyMillis()))
                .append('}');
        json.append(",\"longestSilenceMs\":").append(result.longestSilence().map(Silence::millis).orElse(0L));
        json.append(",\"failures\":").append(result.failureCount());
        json.append(",\"firstFailures\":[");
        boolean first = true;
        for (Failure failure : result.firstFailures()) {
            json.append(first ? "" : ",").append("{\"kind\":");
            string(json, failure.kind().name());
            json.append(",\"where\":");
            string(json, failure.where());
            json.append(",\"expected\":");
            string(json, failure.expected());
            json.append(",\"got\":");
            string(json, failure.got());
            json.append(",\"detail\":");
            string(json, failure.detail());
            json.append('}');
            first = false;
        }
        json.append("]}");
        return json.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
