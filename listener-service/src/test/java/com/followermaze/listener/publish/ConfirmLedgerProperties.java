package com.followermaze.listener.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.TreeSet;

import com.followermaze.common.batch.EventBatch;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The laws of {@link ConfirmLedger}, driven as the publisher drives it, against a simulated
 * broker, on random interleavings of hand-overs, publishes, acks and nacks (single and multiple)
 * and channel losses (with and without a publish failing).
 */
class ConfirmLedgerProperties {

    enum Kind { HAND_OVER, PUBLISH, PUBLISH_FAILS, ACK, ACK_MULTIPLE, NACK, NACK_MULTIPLE, CHANNEL_LOST }

    /** One step; {@code pick} chooses which outstanding sequence number a confirm names. */
    record Step(Kind kind, int pick) {
    }

    @Property(tries = 500)
    void everyBatchIsConfirmedOnceInFirstPublicationOrderAndReleasesItsSlotOnce(
            @ForAll("steps") @Size(max = 200) List<Step> steps) {
        Simulation simulation = new Simulation();
        for (Step step : steps) {
            simulation.apply(step);
        }
        simulation.drain();

        assertThat(simulation.confirmations).as("confirmations per batch")
                .hasSize(simulation.batchesCut)
                .allSatisfy((batch, times) -> assertThat(times).as("confirmations of batch " + batch).isEqualTo(1));
        assertThat(simulation.window.inflight()).as("slots still held").isZero();
        assertThat(simulation.ledger.unconfirmed()).isZero();
        assertThat(simulation.ledger.toPublishAgain()).isZero();
        assertThat(simulation.firstPublications).as("first publications are in hand-over order").isSorted();
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1_000))
                .as(Step::new).list();
    }

    /** The ledger, a window, the hand-off queue and a broker that confirms what it was sent. */
    private static final class Simulation {
        final InflightWindow window = new InflightWindow(10_000);
        final Map<Long, Integer> confirmations = new HashMap<>();
        final List<Long> firstPublications = new ArrayList<>();
        /** Batches the model expects to be published again, by batch number (= hand-over order). */
        final TreeSet<Long> waiting = new TreeSet<>();
        /** What the broker was sent on the current channel and has not settled, by sequence number. */
        final TreeMap<Long, Long> onChannel = new TreeMap<>();
        final Queue<EventBatch> handedOver = new ArrayDeque<>();
        final ConfirmLedger ledger = new ConfirmLedger(window, new ConfirmLedger.Outcomes() {
            @Override
            public void confirmed(EventBatch batch, long latencyNanos) {
                confirmations.merge(batch.number(), 1, Integer::sum);
            }

            @Override
            public void nacked(EventBatch batch) {
                waiting.add(batch.number());
            }
        });
        int batchesCut;
        long seqNo;

        void apply(Step step) {
            switch (step.kind()) {
                case HAND_OVER -> handOver();
                case PUBLISH -> publish(false);
                case PUBLISH_FAILS -> publish(true);
                case ACK -> settle(step.pick(), false, true);
                case ACK_MULTIPLE -> settle(step.pick(), true, true);
                case NACK -> settle(step.pick(), false, false);
                case NACK_MULTIPLE -> settle(step.pick(), true, false);
                case CHANNEL_LOST -> loseChannel();
            }
            assertThat(window.inflight()).as("slots held = batches cut - batches confirmed")
                    .isEqualTo(batchesCut - confirmations.size());
            assertThat(ledger.unconfirmed()).isEqualTo(onChannel.size());
            assertThat(ledger.toPublishAgain()).isEqualTo(waiting.size());
        }

        /** Publishes and acks until nothing is left: "enough republishing". */
        void drain() {
            while (ledger.toPublishAgain() > 0 || !handedOver.isEmpty() || ledger.unconfirmed() > 0) {
                while (ledger.toPublishAgain() > 0 || !handedOver.isEmpty()) {
                    publish(false);
                }
                if (!onChannel.isEmpty()) {
                    settle(Integer.MAX_VALUE, true, true);
                }
            }
        }

        private void handOver() {
            assertThat(window.tryAcquire()).isTrue();
            handedOver.add(new EventBatch("s", ++batchesCut, 1, new byte[] {'x'}));
        }

        private void publish(boolean fails) {
            ConfirmLedger.Publication next = ledger.next(handedOver::poll);
            if (next == null) {
                assertThat(waiting).as("nothing is left waiting when nothing is handed out").isEmpty();
                return;
            }
            long number = next.batch().number();
            if (waiting.isEmpty()) {
                assertThat(next.again()).as("a new batch, since none waits").isFalse();
                firstPublications.add(number);
            } else {
                assertThat(number).as("the earliest batch waiting goes before any other").isEqualTo(waiting.first());
                assertThat(next.again()).isTrue();
                waiting.remove(number);
            }
            if (fails) {
                ledger.notPublished(next);
                waiting.add(number);
                loseChannel();
                return;
            }
            ledger.published(next, ++seqNo, 0);
            onChannel.put(seqNo, number);
        }

        private void settle(int pick, boolean multiple, boolean ack) {
            if (onChannel.isEmpty()) {
                return;
            }
            List<Long> seqNos = new ArrayList<>(onChannel.keySet());
            long named = seqNos.get(Math.min(pick, seqNos.size() - 1));
            var settled = multiple ? onChannel.headMap(named, true) : onChannel.subMap(named, true, named, true);
            if (!ack) {
                // Added by the ledger's nacked outcome; the model checks that one came for each.
                List<Long> expected = new ArrayList<>(settled.values());
                int waitingBefore = waiting.size();
                ledger.nacked(named, multiple);
                assertThat(waiting).as("every nacked batch waits").containsAll(expected);
                assertThat(waiting).hasSize(waitingBefore + expected.size());
            } else {
                ledger.acked(named, multiple, 0);
            }
            settled.clear();
        }

        private void loseChannel() {
            List<Long> unconfirmedInFirstPublicationOrder = new ArrayList<>(new TreeSet<>(onChannel.values()));
            assertThat(ledger.channelLost()).isEqualTo(onChannel.size());
            waiting.addAll(onChannel.values());
            onChannel.clear();
            seqNo = 0;
            // The next publications are exactly the batches waiting, in first-publication order.
            assertThat(new ArrayList<>(waiting)).as("waiting after a loss").containsAll(unconfirmedInFirstPublicationOrder);
        }
    }
}
