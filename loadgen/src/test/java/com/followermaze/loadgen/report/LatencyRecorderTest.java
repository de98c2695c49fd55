package com.followermaze.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    private final LatencyRecorder recorder = new LatencyRecorder(1_000_000);

    @Test
    void anIntervalHasWhatEveryThreadRecordedSinceTheLastOne() throws InterruptedException {
        recordOnThreads(4, 1_000, 7);
        Histogram first = recorder.intervalHistogram(null);
        assertThat(first.getTotalCount()).isEqualTo(4_000);
        assertThat(first.getMaxValue()).isEqualTo(7);

        recordOnThreads(3, 500, 90_000);
        recorder.recordValue(5);
        Histogram second = recorder.intervalHistogram(first);
        assertThat(second).isSameAs(first);
        assertThat(second.getTotalCount()).isEqualTo(1_501);
        assertThat(second.getMinValue()).isEqualTo(5);
        assertThat(second.getValueAtPercentile(99)).isEqualTo(second.highestEquivalentValue(90_000));

        assertThat(recorder.intervalHistogram(null).getTotalCount()).isZero();
    }

    @Test
    void resetForgetsWhatWasRecorded() throws InterruptedException {
        recordOnThreads(2, 100, 3);
        recorder.reset();
        recorder.recordValue(4);
        Histogram interval = recorder.intervalHistogram(null);
        assertThat(interval.getTotalCount()).isEqualTo(1);
        assertThat(interval.getMaxValue()).isEqualTo(4);
    }

    @Test
    void recordsWhileAnotherThreadTakesIntervals() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                recorder.recordValue(1 + i % 1_000);
            }
            done.countDown();
        });
        writer.start();
        long total = 0;
        Histogram interval = null;
        while (!done.await(1, TimeUnit.MILLISECONDS)) {
            interval = recorder.intervalHistogram(interval);
            total += interval.getTotalCount();
        }
        total += recorder.intervalHistogram(interval).getTotalCount();
        assertThat(total).isEqualTo(200_000);
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void recordOnThreads(int threads, int values, long value) throws InterruptedException {
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < values; i++) {
                    recorder.recordValue(value);
                }
            });
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).isFalse();
        }
    }
}
