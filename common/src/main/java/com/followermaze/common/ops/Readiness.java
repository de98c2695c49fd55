package com.followermaze.common.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a service can do its work now, why, and a few facts an operator wants beside it
 * ({@code lastReleasedSeq}, {@code brokerConnected}).
 *
 * @param ready   whether the service is ready
 * @param reason  a few words: {@code publishing}, {@code broker not connected}, ...
 * @param details facts in a stable order; values are strings, numbers or booleans
 */
public record Readiness(boolean ready, String reason, Map<String, Object> details) {

    public Readiness {
        Objects.requireNonNull(reason, "reason");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
        for (Map.Entry<String, Object> detail : details.entrySet()) {
            Object value = detail.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("details." + detail.getKey() + ": " + value
                        + " (expected a string, a number or a boolean)");
            }
        }
    }

    /**
     * The JSON object of several services' readiness: ready only when every one is.
     * {@code {"ready":false,"services":{"listener":{"ready":false,"reason":"...",...}}}}
     */
    public static String toJson(Map<String, Readiness> byService) {
        StringBuilder json = new StringBuilder("{\"ready\":").append(allReady(byService)).append(",\"services\":{");
        String separator = "";
        for (Map.Entry<String, Readiness> service : byService.entrySet()) {
            json.append(separator);
            string(json, service.getKey());
            json.append(':');
            service.getValue().appendJson(json);
            separator = ",";
        }
        return json.append("}}").toString();
    }

    /** Whether every service in {@code byService} is ready (true for none). */
    public static boolean allReady(Map<String, Readiness> byService) {
        return byService.values().stream().allMatch(Readiness::ready);
    }

    private void appendJson(StringBuilder json) {
        json.append("{\"ready\":").append(ready).append(",\"reason\":");
        string(json, reason);
        for (Map.Entry<String, Object> detail : details.entrySet()) {
            json.append(',');
            string(json, detail.getKey());
            json.append(':');
            if (detail.getValue() instanceof String text) {
                string(json, text);
            } else {
                json.append(detail.getValue());
            }
        }
        json.append('}');
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
