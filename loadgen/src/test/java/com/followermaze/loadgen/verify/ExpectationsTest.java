package com.followermaze.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

import com.followermaze.loadgen.generate.EventGenerator;
import com.followermaze.loadgen.generate.EventMix;
import com.followermaze.loadgen.generate.ExpectedFollowers;
import com.followermaze.loadgen.generate.GeneratedEvent;
import com.followermaze.loadgen.report.LatencyRecorder;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The model agrees with a naive reading of the protocol's notification rules. */
class ExpectationsTest {

    @Property(tries = 30)
    void everyConnectedUserExpectsExactlyWhatTheRulesSay(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                        @ForAll @IntRange(min = 2, max = 30) int users,
                                                        @ForAll @IntRange(min = 0, max = 30) int wantedClients) {
        int clients = Math.min(users, wantedClients);
        Set<Integer> connected = new HashSet<>();
        for (int id = 1; id <= clients; id++) {
            connected.add(id);
        }
        InFlightEvents events = new InFlightEvents(1 << 12);
        Failures failures = new Failures(1);
        ClientVerifier[] verifiers = new ClientVerifier[clients];
        for (int i = 0; i < clients; i++) {
            verifiers[i] = new ClientVerifier(i + 1, i + 1, events, failures, new LatencyRecorder(ClientVerifier.MAX_LATENCY_MICROS), new LongAdder(), 0);
        }
        ExpectedFollowers graph = new ExpectedFollowers(users, connected::contains);
        Expectations expectations = new Expectations(events, graph, verifiers);
        EventGenerator generator = new EventGenerator(new EventMix(250_000, 200_000, 150_000, 50_000, 350_000),
                graph, new SplittableRandom(seed));

        Map<Integer, Set<Integer>> followers = new HashMap<>();
        Map<Integer, List<Long>> naive = new HashMap<>();
        long recipients = 0;
        for (int i = 0; i < 2_000; i++) {
            GeneratedEvent event = generator.next();
            recipients += expectations.expect(event, 0);
            Set<Integer> notified = new HashSet<>();
            switch (event.type()) {
                case FOLLOW -> {
                    followers.computeIfAbsent(event.to(), k -> new HashSet<>()).add(event.from());
                    notified.add(event.to());
                }
                case UNFOLLOW -> followers.computeIfAbsent(event.to(), k -> new HashSet<>()).remove(event.from());
                case BROADCAST -> notified.addAll(connected);
                case PRIVATE_MESSAGE -> notified.add(event.to());
                case STATUS_UPDATE -> notified.addAll(followers.getOrDefault(event.from(), Set.of()));
            }
            notified.retainAll(connected);
            for (int user : notified) {
                naive.computeIfAbsent(user, k -> new ArrayList<>()).add(event.seq());
            }
        }

        long naiveTotal = 0;
        for (ClientVerifier verifier : verifiers) {
            List<Long> expected = naive.getOrDefault(verifier.userId(), List.of());
            naiveTotal += expected.size();
            assertThat(verifier.backlog()).as("backlog of user " + verifier.userId()).isEqualTo(expected.size());
        }
        assertThat(recipients).isEqualTo(naiveTotal);
        // Receiving exactly the naive lines, in order, passes every client.
        byte[] line = new byte[64];
        for (ClientVerifier verifier : verifiers) {
            for (long seq : naive.getOrDefault(verifier.userId(), List.of())) {
                int length = events.appendLine(seq, line, 0);
                verifier.onLine(line, 0, length, 1);
            }
            assertThat(verifier.backlog()).isEqualTo(0);
        }
        assertThat(failures.count()).as(() -> failures.first().toString()).isEqualTo(0);
    }
}
