package com.followermaze.listener.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InflightWindowTest {

    @Test
    void neverHandsOutMoreSlotsThanItsCapacity() {
        InflightWindow window = new InflightWindow(3);
        assertThat(window.tryAcquire()).isTrue();
        assertThat(window.tryAcquire()).isTrue();
        assertThat(window.tryAcquire()).isTrue();
        assertThat(window.tryAcquire()).isFalse();
        assertThat(window.inflight()).isEqualTo(3);
        assertThat(window.peakInflight()).isEqualTo(3);
    }

    @Test
    void pausesWhenFullAndResumesOnlyAtTheLowWaterMark() {
        InflightWindow window = new InflightWindow(4);
        AtomicInteger notifications = new AtomicInteger();
        window.addListener(notifications::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            window.tryAcquire();
        }
        assertThat(window.isPaused()).isTrue();

        window.release(1);
        assertThat(window.isPaused()).as("3 in flight is above the low-water mark of 2").isTrue();
        window.release(1);
        assertThat(window.isPaused()).isFalse();
        assertThat(window.timesPaused()).isEqualTo(1);
        assertThat(notifications.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void pausesWhileTheBrokerBlocksOrIsUnreachable() {
        InflightWindow window = new InflightWindow(4);
        window.setBrokerBlocked(true);
        assertThat(window.isPaused()).isTrue();
        assertThat(window.hasRoom()).as("a paused window still takes batches already being cut").isTrue();
        window.setBrokerBlocked(false);
        assertThat(window.isPaused()).isFalse();

        window.setBrokerConnected(false);
        assertThat(window.isPaused()).isTrue();
        window.setBrokerConnected(true);
        assertThat(window.isPaused()).isFalse();
        assertThat(window.timesPaused()).isEqualTo(2);
    }

    @Test
    void releasingMoreThanIsInFlightIsABug() {
        InflightWindow window = new InflightWindow(2);
        window.tryAcquire();
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> window.release(2));
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
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(window.inflight()).isEqualTo(0);
        assertThat(window.isPaused()).isFalse();
        assertThat(window.peakInflight()).isLessThanOrEqualTo(2);
    }

    @Test
    void aDownstreamLimitPausesWhileThatManyBatchesAreUnfinishedAndResumesAtHalf() {
        InflightWindow window = new InflightWindow(8, 4);
        AtomicInteger notifications = new AtomicInteger();
        window.addListener(notifications::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            assertThat(window.isPaused()).isFalse();
            window.tryAcquire();
            window.release(1);
        }
        assertThat(window.inflight()).as("every batch confirmed").isZero();
        assertThat(window.isPaused()).as("4 batches unfinished downstream").isTrue();
        assertThat(window.isDownstreamBehind()).isTrue();
        assertThat(window.hasRoom()).as("a batch being cut still gets a slot").isTrue();

        window.downstreamFinished(1);
        assertThat(window.isPaused()).as("3 unfinished is above half the limit").isTrue();
        int before = notifications.get();
        window.downstreamFinished(1);
        assertThat(window.isPaused()).isFalse();
        assertThat(window.isDownstreamBehind()).isFalse();
        assertThat(notifications.get()).as("resuming is announced").isGreaterThan(before);
        assertThat(window.unfinishedDownstream()).isEqualTo(2);
        assertThat(window.timesPaused()).isEqualTo(1);
    }

    @Test
    void finishingMoreThanIsUnfinishedStopsTheCountAtZero() {
        InflightWindow window = new InflightWindow(8, 4);
        window.tryAcquire();
        window.downstreamFinished(3);
        assertThat(window.unfinishedDownstream()).isZero();
        for (int i = 0; i < 3; i++) {
            window.tryAcquire();
        }
        assertThat(window.isPaused()).as("3 of 4: the finished duplicates did not count as credit").isFalse();
        window.tryAcquire();
        assertThat(window.isPaused()).isTrue();
    }

    @Test
    void withoutADownstreamLimitFinishedBatchesAreNotCounted() {
        InflightWindow window = new InflightWindow(2);
        window.tryAcquire();
        window.downstreamFinished(5);
        assertThat(window.unfinishedDownstream()).isZero();
        assertThat(window.downstreamLimit()).isZero();
        assertThat(window.isDownstreamBehind()).isFalse();
        assertThat(window.isPaused()).isFalse();
    }
}
