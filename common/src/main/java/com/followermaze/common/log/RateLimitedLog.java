package com.followermaze.common.log;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.Arrays;

import org.slf4j.Logger;

/**
 * Logs at most one line per interval for a kind of recurring problem (a stream of malformed
 * lines, say), and says how many were not logged in between, so a flood of bad input cannot
 * flood the log. Thread-safe and lock-free; callers count every occurrence elsewhere.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger logger, long interval, TimeUnit unit) {
        this(logger, interval, unit, System::nanoTime);
    }

    RateLimitedLog(Logger logger, long interval, TimeUnit unit, LongSupplier nanoClock) {
        if (interval <= 0) {
            throw new IllegalArgumentException("interval: " + interval + " (expected > 0)");
        }
        this.logger = logger;
        this.intervalNanos = unit.toNanos(interval);
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Logs {@code format} at WARN if the interval since the last logged line has passed,
     * with the count of lines suppressed since appended; otherwise only counts it.
     *
     * @return whether the line was logged
     */
    public boolean warn(String format, Object... args) {
        long now = nanoClock.getAsLong();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped == 0) {
            logger.warn(format, args);
        } else if (logger.isWarnEnabled()) {
            Object[] withCount = Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = skipped;
            logger.warn(format + " ({} similar lines not logged since the last one)", withCount);
        }
        return true;
    }
}
