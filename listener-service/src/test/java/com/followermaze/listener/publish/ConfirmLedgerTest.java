package com.followermaze.listener.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import org.junit.jupiter.api.Test;

import com.followermaze.common.batch.EventBatch;

class ConfirmLedgerTest {

    private final InflightWindow window = new InflightWindow(100);
    private final List<Long> confirmed = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> nacked = new ArrayList<>();
    private final ConfirmLedger ledger = new ConfirmLedger(window, new ConfirmLedger.Outcomes() {
        @Override
        public void confirmed(EventBatch batch, long latencyNanos) {
            // The slots are released after the outcomes are heard, as the publisher's metrics expect.
            assertThat(window.inflight()).as("in flight while hearing of an ack").isEqualTo(inflightBeforeAck);
            confirmed.add(batch.number());
            latencies.add(latencyNanos);
        }

        @Override
        public void nacked(EventBatch batch) {
            nacked.add(batch.number());
        }
    });
    private final Queue<EventBatch> handedOver = new ArrayDeque<>();
    private long batchesCut;
    private long seqNo;
    private int inflightBeforeAck;

    @Test
    void aSingleConfirmSettlesOnlyItsBatchAndReleasesOneSlot() {
        handOver(3);
        publishAll();

        ack(2, false);

        assertThat(confirmed).containsExactly(2L);
        assertThat(window.inflight()).isEqualTo(2);
        assertThat(ledger.unconfirmed()).isEqualTo(2);
    }

    @Test
    void aMultipleConfirmSettlesEveryBatchUpToItsSequenceNumber() {
        handOver(4);
        publishAll();

        ack(3, true);

        assertThat(confirmed).containsExactly(1L, 2L, 3L);
        assertThat(window.inflight()).isEqualTo(1);
        assertThat(ledger.unconfirmed()).isEqualTo(1);
    }

    @Test
    void aConfirmIsTimedFromTheBatchsLastPublish() {
        handOver(1);
        ledger.published(ledger.next(handedOver::poll), ++seqNo, 1_000);

        inflightBeforeAck = window.inflight();
        ledger.acked(seqNo, false, 1_250);

        assertThat(latencies).containsExactly(250L);
    }

    @Test
    void aRepeatedConfirmReleasesNothingMore() {
        handOver(2);
        publishAll();
        ack(1, false);

        ack(1, false);
        ack(1, true);

        assertThat(confirmed).containsExactly(1L);
        assertThat(window.inflight()).isEqualTo(1);
    }

    @Test
    void aNackedBatchKeepsItsSlotAndIsPublishedAgainBeforeNewBatches() {
        handOver(2);
        publishAll();
        handOver(1);

        ledger.nacked(1, false);

        assertThat(nacked).containsExactly(1L);
        assertThat(window.inflight()).isEqualTo(3);
        assertThat(ledger.toPublishAgain()).isEqualTo(1);
        ConfirmLedger.Publication again = ledger.next(handedOver::poll);
        assertThat(again.batch().number()).isEqualTo(1);
        assertThat(again.again()).isTrue();
        assertThat(handedOver).as("no new batch is taken while one waits").hasSize(1);
        assertThat(ledger.next(handedOver::poll).batch().number()).isEqualTo(3);
    }

    @Test
    void aBatchNackedAgainAndAgainByAFullQueueGoesFirstEachTimeAndIsReleasedOnceWhenAcked() {
        handOver(2);
        publishAll();
        ledger.nacked(1, false);
        ack(2, false);
        handOver(2);

        for (int refusal = 0; refusal < 3; refusal++) {
            ConfirmLedger.Publication again = ledger.next(handedOver::poll);
            assertThat(again.batch().number()).as("published again before batches 3 and 4").isEqualTo(1);
            ledger.published(again, ++seqNo, 0);
            ledger.nacked(seqNo, false);
        }
        assertThat(window.inflight()).as("the refused batch keeps its slot").isEqualTo(3);
        assertThat(publishAll()).containsExactly(1L, 3L, 4L);
        ack(seqNo, true);

        assertThat(nacked).containsExactly(1L, 1L, 1L, 1L);
        assertThat(confirmed).as("each batch confirmed once").containsExactly(2L, 1L, 3L, 4L);
        assertThat(window.inflight()).isZero();
    }

    @Test
    void aMultipleNackQueuesEveryBatchUpToItInHandOverOrder() {
        handOver(3);
        publishAll();

        ledger.nacked(2, true);

        assertThat(nacked).containsExactly(1L, 2L);
        assertThat(ledger.unconfirmed()).isEqualTo(1);
        assertThat(publishAll()).containsExactly(1L, 2L);
    }

    @Test
    void batchesNackedOutOfOrderArePublishedAgainInHandOverOrder() {
        handOver(3);
        publishAll();

        ledger.nacked(3, false);
        ledger.nacked(1, false);

        assertThat(nacked).containsExactly(3L, 1L);
        assertThat(publishAll()).containsExactly(1L, 3L);
    }

    @Test
    void aNackedBatchIsPublishedAgainAfterTheBatchesAlreadyPublished() {
        handOver(3);
        publishAll();

        ledger.nacked(1, false);
        long republishedAs = seqNo + 1;
        publishAll();
        ack(seqNo, true);

        assertThat(republishedAs).isEqualTo(4);
        assertThat(confirmed).containsExactly(2L, 3L, 1L);
        assertThat(window.inflight()).isZero();
    }

    @Test
    void aLostChannelRequeuesEveryUnconfirmedBatchInPublishOrderBeforeNewOnes() {
        handOver(4);
        publishAll();
        ack(2, false);
        handOver(2);

        assertThat(ledger.channelLost()).isEqualTo(3);

        assertThat(ledger.unconfirmed()).isZero();
        assertThat(ledger.toPublishAgain()).isEqualTo(3);
        assertThat(window.inflight()).as("a lost channel releases nothing").isEqualTo(5);
        seqNo = 0;
        assertThat(publishAll()).containsExactly(1L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aBatchThatFailedToPublishWaitsInItsHandOverPlaceWithTheOthersOfTheLostChannel() {
        handOver(3);
        ledger.published(ledger.next(handedOver::poll), ++seqNo, 0);
        ledger.published(ledger.next(handedOver::poll), ++seqNo, 0);
        ConfirmLedger.Publication failed = ledger.next(handedOver::poll);

        ledger.notPublished(failed);
        ledger.channelLost();

        seqNo = 0;
        List<ConfirmLedger.Publication> again = new ArrayList<>();
        ConfirmLedger.Publication next;
        while ((next = ledger.next(handedOver::poll)) != null) {
            again.add(next);
        }
        assertThat(again).extracting(p -> p.batch().number()).containsExactly(1L, 2L, 3L);
        assertThat(again).allMatch(ConfirmLedger.Publication::again);
    }

    @Test
    void sequenceNumbersRestartOnANewChannel() {
        handOver(2);
        publishAll();
        ledger.channelLost();

        seqNo = 0;
        publishAll();
        ack(1, false);

        assertThat(confirmed).containsExactly(1L);
        assertThat(ledger.unconfirmed()).isEqualTo(1);
    }

    @Test
    void aSequenceNumberThatDoesNotIncreaseOnAChannelIsRefused() {
        handOver(2);
        ledger.published(ledger.next(handedOver::poll), 5, 0);
        ConfirmLedger.Publication second = ledger.next(handedOver::poll);

        assertThatThrownBy(() -> ledger.published(second, 5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seqNo: 5 (expected > 5, the last on this channel)");
    }

    @Test
    void aNewBatchIsPublishedForTheFirstTimeAndNothingIsHandedOutWhenNothingWaits() {
        assertThat(ledger.next(handedOver::poll)).isNull();
        handOver(1);

        ConfirmLedger.Publication first = ledger.next(handedOver::poll);

        assertThat(first.again()).isFalse();
        assertThat(first.ordinal()).isZero();
    }

    @Test
    void aNewSessionsFirstBatchWaitsUntilEveryBatchOfTheSessionBeforeIsConfirmed() {
        handOver("a", 2);
        handOver("b", 2);

        assertThat(publishAll()).containsExactly(1L, 2L);
        assertThat(ledger.held()).isEqualTo(1);
        ack(1, false);
        assertThat(publishAll()).isEmpty();
        ack(2, false);

        assertThat(publishAll()).containsExactly(3L, 4L);
        assertThat(ledger.held()).isZero();
    }

    @Test
    void aNackedBatchOfTheSessionBeforeGoesOutAgainBeforeTheNewSessionsFirst() {
        handOver("a", 2);
        handOver("b", 1);
        assertThat(publishAll()).containsExactly(1L, 2L);

        ledger.nacked(1, false);
        ack(2, false);

        assertThat(publishAll()).containsExactly(1L);
        ack(3, false);
        assertThat(publishAll()).containsExactly(3L);
        assertThat(confirmed).containsExactly(2L, 1L);
    }

    @Test
    void afterALostChannelTheSessionBeforeIsPublishedAgainAndConfirmedBeforeTheNewOne() {
        handOver("a", 2);
        handOver("b", 1);
        assertThat(publishAll()).containsExactly(1L, 2L);

        ledger.channelLost();
        seqNo = 0;

        assertThat(publishAll()).containsExactly(1L, 2L);
        ack(2, true);
        assertThat(publishAll()).containsExactly(3L);
    }

    private void handOver(int batches) {
        handOver("s", batches);
    }

    private void handOver(String session, int batches) {
        for (int i = 0; i < batches; i++) {
            assertThat(window.tryAcquire()).isTrue();
            handedOver.add(new EventBatch(session, ++batchesCut, 1, new byte[] {'x'}));
        }
    }

    /** Publishes all that waits and all handed over, on the current channel; returns the batch numbers in order. */
    private List<Long> publishAll() {
        List<Long> published = new ArrayList<>();
        ConfirmLedger.Publication next;
        while ((next = ledger.next(handedOver::poll)) != null) {
            ledger.published(next, ++seqNo, 0);
            published.add(next.batch().number());
        }
        return published;
    }

    private void ack(long ackedSeqNo, boolean multiple) {
        inflightBeforeAck = window.inflight();
        ledger.acked(ackedSeqNo, multiple, 0);
    }
}
