package com.followermaze.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.followermaze.common.event.Event;
import com.followermaze.processor.rules.FollowerGraph;
import com.followermaze.processor.rules.NotificationRules;
import com.followermaze.processor.rules.Notifier;

/**
 * The follow rules and the {@link FollowerGraph}, per event: {@link NotificationRules#apply} of
 * a stream of {@value #EVENTS} events in sequence order, starting from an empty graph (a new
 * stream) on each pass, with a {@link Notifier} that only counts the notifications that would
 * reach a connected user (the load generator's 100 clients of 1,000 users by default; 100 of
 * 200 in {@code many-followers}, where the graph grows dense and Status updates fan out wide).
 * The score includes the fan-out; no socket or buffer is touched.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NotificationRulesBenchmark {

    static final int EVENTS = 1 << 18;

    @Param({"default", "many-followers"})
    public String scenario;

    private Event[] events;
    private CountingNotifier notifier;
    private NotificationRules rules;

    @Setup
    public void generate() {
        GeneratedStream stream = GeneratedStream.of(scenario, EVENTS);
        events = stream.events;
        notifier = new CountingNotifier(stream.connected, stream.connectedCount);
        rules = new NotificationRules(new FollowerGraph(), notifier);
    }

    /** Applies the whole stream to a fresh graph; returns the notifications; the score is per event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long apply() {
        rules.reset();
        notifier.notifications = 0;
        for (Event event : events) {
            rules.apply(event);
        }
        return notifier.notifications;
    }

    /** Counts what a real notifier would send: to connected users only. */
    private static final class CountingNotifier implements Notifier {

        private final boolean[] connected;
        private final int connectedCount;
        long notifications;

        CountingNotifier(boolean[] connected, int connectedCount) {
            this.connected = connected;
            this.connectedCount = connectedCount;
        }

        @Override
        public void notifyUser(int userId, Event event) {
            if (userId < connected.length && connected[userId]) {
                notifications++;
            }
        }

        @Override
        public void notifyAllUsers(Event event) {
            notifications += connectedCount;
        }
    }
}
