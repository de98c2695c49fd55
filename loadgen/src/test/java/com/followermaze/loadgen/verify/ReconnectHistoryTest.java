package com.followermaze.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a reconnecting client remembers, on its own: its phases, what it may have missed, and
 * where a first line after reconnecting fits. The checks of the lines themselves are
 * {@link ReconnectingClientVerifierTest}'s.
 */
class ReconnectHistoryTest {

    private Reconnections reconnections;
    private ReconnectHistory history;

    @BeforeEach
    void setUp() {
        reconnections = new Reconnections();
        history = new ReconnectHistory(reconnections);
    }

    private void receive(long... seqs) {
        for (long seq : seqs) {
            history.taken(seq, true);
        }
    }

    @Test
    void aClientStartsConnectedAndInStep() {
        assertThat(history.connected()).isTrue();
        assertThat(history.inStep()).isTrue();
        assertThat(history.away()).isFalse();
        assertThat(history.rejoined()).isFalse();
    }

    @Test
    void aDisconnectedClientIsAwayUntilItsFirstLineOnTheNewConnection() {
        history.disconnected();
        assertThat(history.away()).isTrue();
        assertThat(history.connected()).isFalse();
        assertThat(history.sentBeforeRejoin()).as("nothing is known to be released until it is back").isEqualTo(-1);

        history.reconnected(42);
        assertThat(history.rejoined()).isTrue();
        assertThat(history.away()).as("back, but nothing received yet").isTrue();
        assertThat(history.sentBeforeRejoin()).isEqualTo(42);

        history.firstLineReceived();
        assertThat(history.away()).isFalse();
        assertThat(history.inStep()).isTrue();
        ReconnectTotals totals = reconnections.totals();
        assertThat(totals.disconnects()).isEqualTo(1);
        assertThat(totals.reconnects()).isEqualTo(1);
    }

    @Test
    void linesGivenUpOnCountAsMissed() {
        receive(1, 2);
        history.taken(3, false);
        history.taken(4, false);
        assertThat(reconnections.totals().missed()).isEqualTo(2);
    }

    @Test
    void aRememberedSeqStartsAReplayThatRunsInOrderBackToTheQueue() {
        receive(1, 2, 3, 4);
        assertThat(history.replayFrom(3)).isTrue();
        assertThat(history.replaying()).isTrue();
        assertThat(history.inStep()).isFalse();
        assertThat(history.replaySeq()).isEqualTo(3);
        history.replayed();
        assertThat(history.replaySeq()).isEqualTo(4);
        history.replayed();
        assertThat(history.replaying()).as("after the last remembered seq, the queue's head is next").isFalse();
        assertThat(reconnections.totals().repeated()).isEqualTo(2);
    }

    @Test
    void aMissedSeqReceivedAfterAllIsNoLongerMissed() {
        receive(1);
        history.taken(2, false);
        assertThat(history.replayFrom(2)).isTrue();
        assertThat(history.replaySeq()).as("a seq given up on is remembered too").isEqualTo(2);
        history.replayed();
        assertThat(reconnections.totals().missed()).isEqualTo(0);
        assertThat(reconnections.totals().repeated()).isEqualTo(0);
    }

    @Test
    void aSeqNeverTakenIsNotRemembered() {
        receive(1, 3, 5);
        assertThat(history.replayFrom(4)).isFalse();
        assertThat(history.replayFrom(6)).isFalse();
        assertThat(history.replaying()).isFalse();
    }

    @Test
    void aDisconnectionEndsAReplay() {
        receive(1, 2, 3);
        assertThat(history.replayFrom(2)).isTrue();
        history.disconnected();
        assertThat(history.replaying()).isFalse();
    }

    @Test
    void onlyTheLastRememberedSeqsCanBeReplayedAndOlderOnesAreTold() {
        int taken = ReconnectHistory.REMEMBERED + 10;
        for (long seq = 1; seq <= taken; seq++) {
            receive(seq);
        }
        assertThat(history.replayFrom(10)).as("forgotten").isFalse();
        assertThat(history.olderThanRemembered(10)).isTrue();
        assertThat(history.olderThanRemembered(11)).as("the oldest remembered").isFalse();
        assertThat(history.replayFrom(11)).isTrue();
    }

    @Test
    void nothingIsOlderThanRememberedWhileNothingWasForgotten() {
        receive(5, 6, 7);
        assertThat(history.olderThanRemembered(1)).isFalse();
    }
}
