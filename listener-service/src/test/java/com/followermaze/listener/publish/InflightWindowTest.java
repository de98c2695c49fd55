package com.followermaze.listener.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InflightWindowTest {

    @Test
    void neverHandsOutMoreSlotsThanItsCapacity() {
        InflightWindow window = new InflightWindow(3);
        assertTrue(window.tryAcquire());
        assertTrue(window.tryAcquire());
        assertTrue(window.tryAcquire());
        assertFalse(window.tryAcquire());
        assertEquals(3, window.inflight());
        assertEquals(3, window.peakInflight());
    }

    @Test
    void pausesWhenFullAndResumesOnlyAtTheLowWaterMark() {
        InflightWindow window = new InflightWindow(4);
        AtomicInteger notifications = new AtomicInteger();
        window.addListener(notifications::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            window.tryAcquire();
        }
        assertTrue(window.isPaused());

        window.release(1);
        assertTrue(window.isPaused(), "3 in flight is above the low-water mark of 2");
        window.release(1);
        assertFalse(window.isPaused());
        assertEquals(1, window.timesPaused());
        assertTrue(notifications.get() >= 2);
    }

    @Test
    void pausesWhileTheBrokerBlocksOrIsUnreachable() {
        InflightWindow window = new InflightWindow(4);
        window.setBrokerBlocked(true);
        assertTrue(window.isPaused());
        assertTrue(window.hasRoom(), "a paused window still takes batches already being cut");
        window.setBrokerBlocked(false);
        assertFalse(window.isPaused());

        window.setBrokerConnected(false);
        assertTrue(window.isPaused());
        window.setBrokerConnected(true);
        assertFalse(window.isPaused());
        assertEquals(2, window.timesPaused());
    }

    @Test
    void releasingMoreThanIsInFlightIsABug() {
        InflightWindow window = new InflightWindow(2);
        window.tryAcquire();
        assertThrows(IllegalStateException.class, () -> window.release(2));
    }

    @Test
    @Timeout(60)
    void anEmptyWindowIsNeverLeftPausedWhenAcquireAndReleaseRace() throws InterruptedException {
        InflightWindow window = new InflightWindow(2);
        int rounds = 20_000;
        AtomicInteger acquired = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Thread releaser = new Thread(() -> {
            int released = 0;
            while (released < rounds) {
                if (acquired.get() > released) {
                    window.release(1);
                    released++;
                } else {
                    Thread.onSpinWait();
                }
            }
            done.countDown();
        });
        releaser.setDaemon(true); // it must not outlive a timed-out test
        releaser.start();
        int taken = 0;
        while (taken < rounds) {
            if (window.tryAcquire()) {
                taken++;
                acquired.incrementAndGet();
            } else {
                Thread.onSpinWait();
            }
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(0, window.inflight());
        assertFalse(window.isPaused());
        assertTrue(window.peakInflight() <= 2);
    }
}
