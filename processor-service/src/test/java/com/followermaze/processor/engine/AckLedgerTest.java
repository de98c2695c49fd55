package com.followermaze.processor.engine;

import static com.followermaze.processor.engine.EngineFixtures.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.followermaze.processor.engine.EngineFixtures.FakeClock;
import com.followermaze.processor.engine.EngineFixtures.FakeSettler;
import com.followermaze.processor.recovery.StateSnapshot;

class AckLedgerTest {

    private final EngineStats stats = new EngineStats();
    private final FakeClock clock = new FakeClock();
    private final FakeSettler settler = new FakeSettler();

    private AckLedger ledger(int prefetch) {
        return new AckLedger(prefetch, new SnapshotSchedule(null, Duration.ZERO, clock, stats), stats);
    }

    private static Receipt released(Receipt receipt, long maxSeq) {
        receipt.maxSeq = maxSeq;
        return receipt;
    }

    @Test
    void batchesAreAcknowledgedInOrderOnceTheirEventsAreReleased() {
        AckLedger ledger = ledger(8);
        released(ledger.open(batch("a", 1, settler, List.of()), 0), 3);
        released(ledger.open(batch("a", 2, settler, List.of()), 0), 5);
        released(ledger.open(batch("a", 3, settler, List.of()), 0), 4);

        ledger.settleDone(0, 4);
        assertThat(settler.calls).as("batch 2 waits for 5, and holds back batch 3").containsExactly(1L);
        assertThat(ledger.unsettled()).isEqualTo(2);

        ledger.settleDone(0, 6);
        assertThat(settler.calls).as("one acknowledgement for the run").containsExactly(1L, 3L);
        assertThat(ledger.unsettled()).isZero();
    }

    @Test
    void aRunOfDoneBatchesTakesOneAcknowledgementPerSettler() {
        AckLedger ledger = ledger(8);
        FakeSettler afterReconnect = new FakeSettler();
        ledger.open(batch("a", 1, settler, List.of()), 0);
        ledger.open(batch("a", 2, settler, List.of()), 0);
        ledger.open(batch("a", 1, afterReconnect, List.of()), 0);
        ledger.open(batch("a", 2, afterReconnect, List.of()), 0);

        ledger.settleDone(0, 1);
        assertThat(settler.calls).containsExactly(2L);
        assertThat(afterReconnect.calls).containsExactly(2L);
    }

    @Test
    void theBatchesOfAReplacedStreamAreDoneWithWhateverTheyHeld() {
        AckLedger ledger = ledger(8);
        released(ledger.open(batch("a", 1, settler, List.of()), 0), 1_000);
        ledger.settleDone(0, 2);
        assertThat(settler.calls).isEmpty();

        ledger.settleDone(1, 1);
        assertThat(settler.calls).containsExactly(1L);
    }

    @Test
    void aBatchWithEventsUndecidedWaitsForTheirDecision() {
        AckLedger ledger = ledger(8);
        Receipt receipt = ledger.open(batch("b", 1, settler, List.of()), 0);
        receipt.undecided = 2;
        ledger.settleDone(0, 10);
        assertThat(settler.calls).isEmpty();

        receipt.undecided = 0;
        ledger.settleDone(0, 10);
        assertThat(settler.calls).containsExactly(1L);
    }

    @Test
    void withSnapshotsABatchWaitsUntilASnapshotCoversIt() {
        SnapshotSchedule snapshots = new SnapshotSchedule(snapshot -> { }, Duration.ZERO, clock, stats);
        AckLedger ledger = new AckLedger(8, snapshots, stats);
        released(ledger.open(batch("a", 1, settler, List.of()), 0), 2);
        ledger.settleDone(0, 3);
        assertThat(settler.calls).as("released, not yet in a snapshot").isEmpty();

        snapshots.write(0, new StateSnapshot("a", 3, List.of(), new long[0]));
        ledger.settleDone(0, 3);
        assertThat(settler.calls).containsExactly(1L);
    }

    @Test
    void thePrefetchWindowIsFullWithPrefetchBatchesUnacknowledged() {
        AckLedger ledger = ledger(2);
        ledger.open(batch("a", 1, settler, List.of()), 0);
        assertThat(ledger.isPrefetchWindowFull()).isFalse();
        ledger.open(batch("a", 2, settler, List.of()), 0);
        assertThat(ledger.isPrefetchWindowFull()).isTrue();
    }

    @Test
    void theOldestBatchAcknowledgedEarlyIsCountedAndLeavesTheOthersWaiting() {
        AckLedger ledger = ledger(2);
        released(ledger.open(batch("a", 1, settler, List.of()), 0), 10);
        released(ledger.open(batch("a", 2, settler, List.of()), 0), 20);

        ledger.settleOldestEarly(1, 19);

        assertThat(settler.calls).containsExactly(1L);
        assertThat(stats.earlyAcks()).isEqualTo(1);
        assertThat(ledger.unsettled()).isEqualTo(1);
        assertThat(ledger.isPrefetchWindowFull()).isFalse();
    }

    @Test
    void nothingToAcknowledgeEarlyWithNothingUnacknowledged() {
        AckLedger ledger = ledger(1);
        ledger.settleOldestEarly(1, 0);
        assertThat(settler.calls).isEmpty();
        assertThat(stats.earlyAcks()).isZero();
    }

    @Test
    void everyAcknowledgementTellsHowManyBatchesItSettledEarlyOrNot() {
        AckLedger ledger = ledger(4);
        List<Integer> told = new ArrayList<>();
        ledger.onAcknowledged(told::add);
        FakeSettler afterReconnect = new FakeSettler();
        released(ledger.open(batch("a", 1, settler, List.of()), 0), 1);
        released(ledger.open(batch("a", 2, settler, List.of()), 0), 2);
        released(ledger.open(batch("a", 2, afterReconnect, List.of()), 0), 2);
        released(ledger.open(batch("a", 3, afterReconnect, List.of()), 0), 9);

        ledger.settleDone(0, 1);
        assertThat(told).as("nothing is done").isEmpty();
        ledger.settleDone(0, 3);
        assertThat(told).as("one run of three batches over two settlers").containsExactly(3);
        ledger.settleOldestEarly(3, 6);
        assertThat(told).containsExactly(3, 1);
        ledger.settleOldestEarly(3, 0);
        assertThat(told).as("nothing was left to acknowledge").containsExactly(3, 1);
    }
}
