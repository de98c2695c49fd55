package com.followermaze.loadgen.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.Objects;

/**
 * How the run used the wire: the line terminator ({@code --line-terminator}), where the event
 * source connected again ({@code --source-reconnect-at}) and whether it left the old
 * connections open ({@code --source-leave-open}), and how many event-source connections it
 * made in the end.
 *
 * @param lineTerminator    {@code LF} or {@code CRLF}
 * @param sourceReconnectAt the event numbers, in send order, after which the source connected again; ascending
 * @param sourceConnections event-source connections connected, the first included
 */
public record WireSettings(String lineTerminator, List<Long> sourceReconnectAt, boolean sourceLeaveOpen,
                           int sourceConnections) {

    /** LF, one event-source connection: the official program's way. */
    public static final WireSettings DEFAULT = new WireSettings("LF", List.of(), false, 1);

    public WireSettings {
        Objects.requireNonNull(lineTerminator, "lineTerminator");
        sourceReconnectAt = List.copyOf(sourceReconnectAt);
    }

    /**
     * One line for people: {@code "lines end in LF; one event-source connection"}, or
     * {@code "lines end in CRLF; event source connects again after events 500, 5,000 (...); 3 connections made"}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder("lines end in ").append(lineTerminator).append("; ");
        if (sourceReconnectAt.isEmpty()) {
            return text.append("one event-source connection").toString();
        }
        text.append("event source connects again after event")
                .append(sourceReconnectAt.size() == 1 ? " " : "s ")
                .append(sourceReconnectAt.stream().map(n -> String.format(Locale.ROOT, "%,d", n))
                        .collect(Collectors.joining(", ")))
                .append(sourceLeaveOpen ? " (old connections left open until the run ends)"
                        : " (each old connection closed once the new one is connected)");
        return text.append(String.format(Locale.ROOT, "; %,d connections made", sourceConnections)).toString();
    }
}
