package com.followermaze.processor;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import com.followermaze.processor.engine.StreamDecision;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The processor's meters, every one read from {@link ProcessorStats} (or the service's state)
 * at scrape time: nothing is recorded per event. Names are Micrometer's dotted ones; the
 * Prometheus registry renders {@code followermaze.processor.events.released} as {@code
 * followermaze_processor_events_released_total}. docs/METRICS.md lists every series.
 */
public final class ProcessorMetrics implements MeterBinder {

    private final ProcessorService service;
    private final ProcessorStats stats;

    public ProcessorMetrics(ProcessorService service) {
        this.service = Objects.requireNonNull(service, "service");
        this.stats = service.stats();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        service.brokerNode().bindTo(registry, "followermaze.processor");
        counter(registry, "batches.consumed", "Batches consumed from the broker", ProcessorStats::batchesConsumed);
        counter(registry, "events.consumed", "Events in the batches consumed", ProcessorStats::eventsConsumed);
        counter(registry, "events.released", "Events released by the sequencer, in order, to the rules",
                ProcessorStats::eventsReleased);
        FunctionCounter.builder("followermaze.processor.duplicates", stats, ProcessorStats::duplicatesHeld)
                .description("Duplicate events dropped: of one held (held) or of one released already (stale)")
                .tag("kind", "held").register(registry);
        FunctionCounter.builder("followermaze.processor.duplicates", stats, ProcessorStats::duplicatesStale)
                .description("Duplicate events dropped: of one held (held) or of one released already (stale)")
                .tag("kind", "stale").register(registry);
        dropped(registry, "too_far_ahead", ProcessorStats::tooFarAhead);
        dropped(registry, "retired_source", ProcessorStats::retiredSessionEvents);
        dropped(registry, "new_stream", ProcessorStats::discardedAtNewStream);
        counter(registry, "streams.started", "New streams (a source starting again at sequence 1)",
                ProcessorStats::streamsStarted);
        for (StreamDecision decision : StreamDecision.values()) {
            FunctionCounter.builder("followermaze.processor.stream.decisions", stats, s -> s.streamDecisions(decision))
                    .description("New source sessions decided: a new stream (sequence 1) or a continuation, and why")
                    .tag("outcome", decision.outcome()).tag("reason", decision.reason()).register(registry);
        }
        gauge(registry, "stream.undecided.events",
                "Events of a new source session held until it is known whether it starts a new stream",
                ProcessorStats::undecidedEvents);
        Gauge.builder("followermaze.processor.stream.undecided.age", stats, s -> s.undecidedAgeSeconds(System.nanoTime()))
                .description("How long the current new source session has been undecided; 0 when none is")
                .baseUnit("seconds")
                .register(registry);
        counter(registry, "stream.snapshots.written", "Scale-out: snapshots of the follow state written to the stream of snapshots",
                ProcessorStats::streamSnapshotsWritten);
        counter(registry, "stream.snapshots.failed", "Scale-out: snapshots that could not be written",
                ProcessorStats::streamSnapshotFailures);
        counter(registry, "stream.snapshots.corrupt", "Scale-out: snapshots passed over at start because they could not be read",
                ProcessorStats::corruptStreamSnapshots);
        gauge(registry, "stream.snapshot.bytes", "Scale-out: the size of the last snapshot written",
                ProcessorStats::lastStreamSnapshotBytes);
        Gauge.builder("followermaze.processor.stream.snapshot.write.time", stats, s -> s.lastStreamSnapshotMillis() / 1000.0)
                .description("Scale-out: how long writing the last snapshot took, encoding and the broker's confirm")
                .baseUnit("seconds").register(registry);
        gauge(registry, "stream.restored.offset", "Scale-out: the event stream offset the snapshot restored at start "
                + "covers; -1 if the whole stream was replayed", ProcessorStats::restoredFromOffset);
        counter(registry, "early.acks", "Batches acknowledged before their events were released (prefetch window full)",
                ProcessorStats::earlyAcks);
        counter(registry, "snapshots.written", "State snapshots written (with --state-dir)",
                ProcessorStats::snapshotsWritten);
        counter(registry, "gaps.skipped", "Gaps given up on after the gap timeout", ProcessorStats::gapsSkipped);
        counter(registry, "sequence.numbers.skipped", "Sequence numbers skipped by the gap timeout (events that never came)",
                ProcessorStats::numbersSkipped);
        counter(registry, "lines.rejected", "Bad lines skipped in consumed batches", ProcessorStats::rejectedLines);
        counter(registry, "messages.rejected", "Broker messages rejected as not an event batch", ProcessorStats::badMessages);
        counter(registry, "notifications.written", "Notifications written to user connections",
                ProcessorStats::notifications);
        counter(registry, "user.writes", "Writes to user connections, each carrying one or more notifications",
                ProcessorStats::userWrites);
        counter(registry, "notifications.dropped", "Notifications dropped for slow clients (slow-client-policy drop)",
                ProcessorStats::slowClientDrops);
        counter(registry, "slow.client.disconnects", "User connections closed for not reading (slow-client-policy disconnect)",
                ProcessorStats::slowClientDisconnects);
        counter(registry, "users.rejected", "User connections closed at registration (bad id, timeout)",
                ProcessorStats::usersRejected);
        counter(registry, "users.replaced", "User connections replaced by a newer one of the same user",
                ProcessorStats::usersReplaced);
        counter(registry, "user.connections.refused", "User connections closed at once: --max-user-connections were open",
                ProcessorStats::userConnectionsRefused);
        counter(registry, "tls.handshakes.failed", "User port connections closed: TLS handshake failed (--user-tls)",
                ProcessorStats::tlsHandshakesFailed);
        gauge(registry, "sequencer.held.events", "Events held by the sequencer, waiting for a gap to fill",
                ProcessorStats::held);
        Gauge.builder("followermaze.processor.sequencer.gap.age", stats, s -> s.gapAgeSeconds(System.nanoTime()))
                .description("How long the sequencer has waited for its next expected event with events held; 0 when none are")
                .baseUnit("seconds")
                .register(registry);
        gauge(registry, "last.released.sequence", "The last sequence number released in the current stream",
                ProcessorStats::lastReleased);
        Gauge.builder("followermaze.processor.users.connected", service, s -> s.users().size())
                .description("User clients connected and registered").register(registry);
        Gauge.builder("followermaze.processor.user.connections", service, s -> s.userConnections().open())
                .description("User connections open, registered or not (at most --max-user-connections)").register(registry);
        Gauge.builder("followermaze.processor.broker.connected", service, s -> s.isConsuming() ? 1 : 0)
                .description("1 while the processor is connected to the broker and consuming, else 0").register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ProcessorStats> count) {
        FunctionCounter.builder("followermaze.processor." + name, stats, count).description(description).register(registry);
    }

    private void dropped(MeterRegistry registry, String reason, ToDoubleFunction<ProcessorStats> count) {
        FunctionCounter.builder("followermaze.processor.events.dropped", stats, count)
                .description("Events dropped unreleased: too far ahead, of a replaced source, held when a new stream began")
                .tag("reason", reason).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ProcessorStats> value) {
        Gauge.builder("followermaze.processor." + name, stats, value).description(description).register(registry);
    }
}
