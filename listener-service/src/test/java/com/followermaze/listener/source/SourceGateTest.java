package com.followermaze.listener.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SourceGateTest {

    @Test
    void sessionIdsAreTheBootIdAndTheConnectionCount() {
        SourceGate gate = new SourceGate("b007");
        assertEquals("b007-1", gate.tryOpen("a"));
        gate.closed("b007-1");
        assertEquals("b007-2", gate.tryOpen("b"));
    }

    @Test
    void onlyOneSourceIsOpenAtATimeAndARefusalUsesNoNumber() {
        SourceGate gate = new SourceGate("b");
        assertEquals("b-1", gate.tryOpen("first"));
        assertNull(gate.tryOpen("second"));
        assertEquals("first", gate.openRemote());
        gate.closed("b-1");
        assertEquals("b-2", gate.tryOpen("third"));
    }

    @Test
    void waitingForFinishedSessionsEndsWhenTheLastBatchIsHandedOver() throws InterruptedException {
        SourceGate gate = new SourceGate("b");
        String id = gate.tryOpen("first");
        gate.closed(id);
        assertFalse(gate.awaitFinished(1, 1, TimeUnit.MILLISECONDS));
        gate.finished(id);
        assertTrue(gate.awaitFinished(1, 1, TimeUnit.MILLISECONDS));
    }
}
