package com.followermaze.loadgen.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

/**
 * Samples a running run once a second on its own daemon thread: the events sent, the
 * notifications received and the latency histogram since the last sample, for the report's
 * plots; and, if asked, redraws the live progress line on stderr (its rate over a sliding
 * rate window of the last few seconds). {@link #stop} takes a last
 * sample and gives the histogram of the whole run.
 */
public final class RunSampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 1_000;

    private final LongSupplier eventsSent;
    private final LongSupplier notifications;
    private final LatencyRecorder latencyMicros;
    private final ProgressLine progressLine;
    private final PrintStream progressOut;
    private final ScheduledExecutorService timer;
    private final Histogram total;
    private final List<Sample> samples = new ArrayList<>();
    private long startNanos;
    private Histogram interval;
    private boolean progressShown;

    /**
     * @param progressOut where to draw the progress line, or null for none
     */
    public RunSampler(LongSupplier eventsSent, LongSupplier notifications, LatencyRecorder latencyMicros,
                      long highestLatencyMicros, long totalEvents, PrintStream progressOut) {
        this.eventsSent = eventsSent;
        this.notifications = notifications;
        this.latencyMicros = latencyMicros;
        this.progressLine = new ProgressLine(totalEvents, ProgressLine.RATE_WINDOW_SECONDS);
        this.progressOut = progressOut;
        this.total = new Histogram(highestLatencyMicros, 3);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "loadgen-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling; the run's clock starts now. */
    public synchronized void start() {
        startNanos = System.nanoTime();
        latencyMicros.reset();
        Sample first = new Sample(0, 0, 0, 0, 0, 0);
        samples.add(first);
        progressLine.update(first);
        timer.scheduleAtFixedRate(this::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        interval = latencyMicros.intervalHistogram(interval);
        total.add(interval);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        boolean any = interval.getTotalCount() > 0;
        Sample sample = new Sample(elapsed, eventsSent.getAsLong(), notifications.getAsLong(),
                any ? interval.getValueAtPercentile(50) / 1_000.0 : 0,
                any ? interval.getValueAtPercentile(99) / 1_000.0 : 0,
                any ? interval.getMaxValue() / 1_000.0 : 0);
        samples.add(sample);
        String line = progressLine.update(sample);
        if (progressOut != null) {
            progressOut.print("\r" + line + "\033[K");
            progressOut.flush();
            progressShown = true;
        }
    }

    /** Stops sampling after one last sample; returns the latency histogram of the whole run. */
    public Histogram stop() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(2, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the sampler did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            sample();
            if (progressShown) {
                progressOut.println();
            }
            return total.copy();
        }
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
