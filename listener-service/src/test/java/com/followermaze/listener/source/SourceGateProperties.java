package com.followermaze.listener.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.followermaze.listener.source.SourceGate.Admission;
import com.followermaze.listener.source.SourceGate.Decision;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The handover laws of {@link SourceGate}, on random sequences of connection events. */
class SourceGateProperties {

    /** One simulated connection, driven as the handler drives the gate. */
    private static final class Connection implements SourceGate.Member {
        final int arrival;
        String id;
        boolean reading;
        boolean waiting;
        boolean ended;
        boolean finished;
        final List<Connection> promotions;

        Connection(int arrival, List<Connection> promotions) {
            this.arrival = arrival;
            this.promotions = promotions;
        }

        @Override
        public void promote() {
            assertThat(waiting).as("only a waiting connection is promoted").isTrue();
            waiting = false;
            reading = true;
            promotions.add(this);
        }

        @Override
        public void takeOver() {
            assertThat(reading).as("only the connection being read is taken over").isTrue();
            ended = true; // the handler closes it; closed() follows below
        }
    }

    @Property(tries = 300)
    void atMostOneConnectionIsEverReadAndPromotionsFollowArrivalOrder(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 99) Integer> steps,
            @ForAll @IntRange(min = 0, max = 3) int maxWaiting,
            @ForAll @IntRange(min = 0, max = 50) int takeoverMs) {
        long[] now = {0};
        SourceGate gate = new SourceGate("p", Duration.ofMillis(takeoverMs), maxWaiting, () -> now[0]);
        List<Connection> all = new ArrayList<>();
        List<Connection> promotions = new ArrayList<>();
        for (int step : steps) {
            int kind = step % 8;
            int pick = step / 8;
            switch (kind) {
                case 0, 1 -> {
                    Connection connection = new Connection(all.size(), promotions);
                    Admission admission = gate.arrive("c" + connection.arrival, connection);
                    connection.id = admission.sessionId();
                    if (admission.decision() == Decision.READ) {
                        connection.reading = true;
                        promotions.add(connection);
                    } else if (admission.decision() == Decision.WAIT) {
                        connection.waiting = true;
                    }
                    all.add(connection);
                }
                case 2 -> reading(all).forEach(c -> c.ended = true); // the current source disconnects
                case 3 -> { // the ended one's last batch is handed over
                    for (Connection c : reading(all)) {
                        if (c.ended) {
                            gate.closed(c.id);
                            c.reading = false;
                            c.finished = true;
                            gate.finished(c.id);
                            break;
                        }
                    }
                }
                case 4 -> { // a waiting connection goes away
                    List<Connection> waiting = all.stream().filter(c -> c.waiting).toList();
                    if (!waiting.isEmpty()) {
                        Connection c = waiting.get(pick % waiting.size());
                        c.waiting = false;
                        gate.closed(c.id);
                    }
                }
                case 5 -> now[0] += pick * 1_000_000L;
                case 6 -> reading(all).forEach(c -> gate.activity(c.id));
                default -> {
                    reading(all).forEach(c -> gate.reading(c.id, pick % 2 == 0));
                    gate.tick();
                }
            }
            // An ended connection is closed at once (the handler's channelInactive).
            reading(all).stream().filter(c -> c.ended).forEach(c -> gate.closed(c.id));
            assertThat(reading(all)).as("connections being read").hasSizeLessThanOrEqualTo(1);
            assertThat(gate.waitingCount()).isEqualTo(all.stream().filter(c -> c.waiting).count())
                    .isLessThanOrEqualTo(maxWaiting);
        }
        for (int i = 1; i < promotions.size(); i++) {
            assertThat(promotions.get(i).arrival).isGreaterThan(promotions.get(i - 1).arrival);
            assertThat(promotions.get(i - 1).finished).as("promoted only after the one before finished").isTrue();
        }
    }

    private static List<Connection> reading(List<Connection> all) {
        return all.stream().filter(c -> c.reading).toList();
    }
}
