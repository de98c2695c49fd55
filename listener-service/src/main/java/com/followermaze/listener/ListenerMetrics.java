package com.followermaze.listener;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import com.followermaze.common.event.Rejection.Reason;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The listener's meters, every one read from {@link ListenerStats} at scrape time, except the
 * publish latency timer, which the publisher thread records once per confirmed batch. Names
 * are Micrometer's dotted ones; the Prometheus registry renders {@code
 * followermaze.listener.events.read} as {@code followermaze_listener_events_read_total}. The
 * docs/METRICS.md lists every series.
 */
public final class ListenerMetrics implements MeterBinder {

    private final ListenerStats stats;

    public ListenerMetrics(ListenerStats stats) {
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        stats.brokerNode().bindTo(registry, "followermaze.listener");
        counter(registry, "events.read", "Lines read from the event source, valid or not", ListenerStats::linesRead);
        counter(registry, "events.accepted", "Valid events, each added to a batch", ListenerStats::eventsAccepted);
        for (Reason reason : Reason.values()) {
            FunctionCounter.builder("followermaze.listener.events.rejected", stats, s -> s.linesRejected(reason))
                    .description("Lines rejected, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        counter(registry, "events.published", "Events in batches published (first publishes)", ListenerStats::eventsPublished);
        counter(registry, "events.confirmed", "Events in batches the broker confirmed", ListenerStats::eventsConfirmed);
        counter(registry, "batches.published", "Batches published (first publishes)", ListenerStats::batchesPublished);
        counter(registry, "batches.confirmed", "Batches the broker confirmed", ListenerStats::batchesConfirmed);
        counter(registry, "batches.republished", "Publishes of a batch again, after a nack or a lost connection",
                ListenerStats::batchesRepublished);
        counter(registry, "batches.nacked", "Batches the broker nacked", ListenerStats::batchesNacked);
        counter(registry, "rejected.lines.kept", "Rejected lines published to the rejected-lines queue",
                ListenerStats::rejectedLinesKept);
        counter(registry, "rejected.lines.dropped", "Rejected lines not kept (too many at once)",
                ListenerStats::rejectedLinesDropped);
        counter(registry, "sources.accepted", "Event source connections accepted", ListenerStats::sourcesAccepted);
        counter(registry, "sources.refused",
                "Event source connections refused (--max-waiting-sources connections were waiting already)",
                ListenerStats::sourcesRefused);
        counter(registry, "sources.taken.over",
                "Event sources closed as half-open: silent for --source-takeover-ms while another connection waited",
                ListenerStats::sourcesTakenOver);
        gauge(registry, "sources.waiting", "Event source connections waiting, unread, for the current source to end",
                ListenerStats::sourcesWaiting);
        gauge(registry, "sources.waiting.longest.seconds",
                "How long the longest-waiting event source connection has waited, in seconds (0 when none waits)",
                ListenerStats::longestSourceWaitSeconds);
        counter(registry, "sources.disallowed", "Event source connections closed: address not in the allow-list (--event-allow)",
                ListenerStats::sourcesDisallowed);
        counter(registry, "sources.unauthenticated", "Event source connections closed: wrong or missing secret (--event-secret)",
                ListenerStats::sourcesUnauthenticated);
        counter(registry, "tls.handshakes.failed", "Event port connections closed: TLS handshake failed (--event-tls)",
                ListenerStats::tlsHandshakesFailed);
        counter(registry, "source.pauses", "Times reading the event source was paused", ListenerStats::timesPaused);
        counter(registry, "broker.connections.lost", "Broker connections lost while publishing",
                ListenerStats::brokerConnectionsLost);
        gauge(registry, "unconfirmed.batches", "Batches published or waiting to be, not yet confirmed (the in-flight window)",
                ListenerStats::inflightBatches);
        gauge(registry, "unconfirmed.batches.limit", "The in-flight window's size (--max-inflight-batches)",
                ListenerStats::inflightLimit);
        gauge(registry, "unacknowledged.batches",
                "Batches cut that the processor in this process has not acknowledged (follower-maze on its embedded broker; else 0)",
                ListenerStats::unacknowledgedBatches);
        gauge(registry, "unacknowledged.batches.limit",
                "How many unacknowledged batches pause the source (--max-queued-batches plus --prefetch; 0 for no such bound)",
                ListenerStats::unacknowledgedLimit);
        gauge(registry, "source.paused", "1 while reading the event source is paused, else 0",
                s -> s.paused() ? 1 : 0);
        gauge(registry, "broker.connected", "1 while the publisher is connected to the broker, else 0",
                s -> s.brokerConnected() ? 1 : 0);
        gauge(registry, "broker.blocked", "1 while the broker blocks publishing (resource alarm), else 0",
                s -> s.brokerBlocked() ? 1 : 0);
        Timer latency = Timer.builder("followermaze.listener.publish.latency")
                .description("Time from publishing a batch to the broker's confirm of it")
                .register(registry);
        stats.recordConfirmLatencyWith(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ListenerStats> count) {
        FunctionCounter.builder("followermaze.listener." + name, stats, count).description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ListenerStats> value) {
        Gauge.builder("followermaze.listener." + name, stats, value).description(description).register(registry);
    }
}
