package com.followermaze.loadgen.report;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The notification latencies the client threads record, each thread into a recorder of its
 * own, so that recording contends with no other thread. (One HdrHistogram {@code Recorder}
 * shared by the client threads took a fifth of the load generator's samples with 10,000
 * clients: its counters bounced between the cores on every notification.) The sampler's
 * thread takes the interval histogram of all of them together.
 */
public final class LatencyRecorder {

    private final long highestTrackableValue;
    private final List<ThreadRecorder> recorders = new CopyOnWriteArrayList<>();
    private final ThreadLocal<SingleWriterRecorder> own = ThreadLocal.withInitial(this::newThreadRecorder);

    /** Values from 1 to {@code highestTrackableValue}, to 3 significant digits. */
    public LatencyRecorder(long highestTrackableValue) {
        this.highestTrackableValue = highestTrackableValue;
    }

    /** Records one value, at most the highest trackable; any thread. */
    public void recordValue(long value) {
        own.get().recordValue(value);
    }

    /**
     * Everything recorded, by any thread, since the last call (or {@link #reset}), in
     * {@code into} (reset first) or in a new histogram if it is {@code null}. One thread at a time.
     */
    public synchronized Histogram intervalHistogram(Histogram into) {
        Histogram interval = into == null ? new Histogram(highestTrackableValue, 3) : into;
        interval.reset();
        for (ThreadRecorder recorder : recorders) {
            recorder.interval = recorder.recorder.getIntervalHistogram(recorder.interval);
            interval.add(recorder.interval);
        }
        return interval;
    }

    /** Forgets what was recorded so far. */
    public synchronized void reset() {
        for (ThreadRecorder recorder : recorders) {
            recorder.recorder.reset();
        }
    }

    private SingleWriterRecorder newThreadRecorder() {
        SingleWriterRecorder recorder = new SingleWriterRecorder(highestTrackableValue, 3);
        recorders.add(new ThreadRecorder(recorder));
        return recorder;
    }

    /** One thread's recorder, with the histogram its last interval came in (reused for the next). */
    private static final class ThreadRecorder {
        final SingleWriterRecorder recorder;
        Histogram interval;

        ThreadRecorder(SingleWriterRecorder recorder) {
            this.recorder = recorder;
        }
    }
}
