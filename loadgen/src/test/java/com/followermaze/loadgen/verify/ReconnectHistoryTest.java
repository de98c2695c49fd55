package com.followermaze.loadgen.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(history.connected());
        assertTrue(history.inStep());
        assertFalse(history.away());
        assertFalse(history.rejoined());
    }

    @Test
    void aDisconnectedClientIsAwayUntilItsFirstLineOnTheNewConnection() {
        history.disconnected();
        assertTrue(history.away());
        assertFalse(history.connected());
        assertEquals(-1, history.sentBeforeRejoin(), "nothing is known to be released until it is back");

        history.reconnected(42);
        assertTrue(history.rejoined());
        assertTrue(history.away(), "back, but nothing received yet");
        assertEquals(42, history.sentBeforeRejoin());

        history.firstLineReceived();
        assertFalse(history.away());
        assertTrue(history.inStep());
        ReconnectTotals totals = reconnections.totals();
        assertEquals(1, totals.disconnects());
        assertEquals(1, totals.reconnects());
    }

    @Test
    void linesGivenUpOnCountAsMissed() {
        receive(1, 2);
        history.taken(3, false);
        history.taken(4, false);
        assertEquals(2, reconnections.totals().missed());
    }

    @Test
    void aRememberedSeqStartsAReplayThatRunsInOrderBackToTheQueue() {
        receive(1, 2, 3, 4);
        assertTrue(history.replayFrom(3));
        assertTrue(history.replaying());
        assertFalse(history.inStep());
        assertEquals(3, history.replaySeq());
        history.replayed();
        assertEquals(4, history.replaySeq());
        history.replayed();
        assertFalse(history.replaying(), "after the last remembered seq, the queue's head is next");
        assertEquals(2, reconnections.totals().repeated());
    }

    @Test
    void aMissedSeqReceivedAfterAllIsNoLongerMissed() {
        receive(1);
        history.taken(2, false);
        assertTrue(history.replayFrom(2));
        assertEquals(2, history.replaySeq(), "a seq given up on is remembered too");
        history.replayed();
        assertEquals(0, reconnections.totals().missed());
        assertEquals(0, reconnections.totals().repeated());
    }

    @Test
    void aSeqNeverTakenIsNotRemembered() {
        receive(1, 3, 5);
        assertFalse(history.replayFrom(4));
        assertFalse(history.replayFrom(6));
        assertFalse(history.replaying());
    }

    @Test
    void aDisconnectionEndsAReplay() {
        receive(1, 2, 3);
        assertTrue(history.replayFrom(2));
        history.disconnected();
        assertFalse(history.replaying());
    }

    @Test
    void onlyTheLastRememberedSeqsCanBeReplayedAndOlderOnesAreTold() {
        int taken = ReconnectHistory.REMEMBERED + 10;
        for (long seq = 1; seq <= taken; seq++) {
            receive(seq);
        }
        assertFalse(history.replayFrom(10), "forgotten");
        assertTrue(history.olderThanRemembered(10));
        assertFalse(history.olderThanRemembered(11), "the oldest remembered");
        assertTrue(history.replayFrom(11));
    }

    @Test
    void nothingIsOlderThanRememberedWhileNothingWasForgotten() {
        receive(5, 6, 7);
        assertFalse(history.olderThanRemembered(1));
    }
}
