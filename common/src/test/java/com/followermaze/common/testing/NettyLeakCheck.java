package com.followermaze.common.testing;

import static org.assertj.core.api.Assertions.fail;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;

/**
 * Fails a test class whose tests leaked a Netty buffer.
 *
 * <p>The build runs every test with Netty's paranoid leak detector, which only logs a
 * {@code LEAK:} line, and only once the garbage collector has found the lost buffer. This
 * extension listens to that logger and, after each test class, collects garbage and allocates
 * a few tracked buffers (the detector reports leaks when it tracks new buffers), then fails
 * the class if a leak was reported. It is registered for every module that depends on the
 * common test-jar, by JUnit's extension autodetection (enabled in the parent pom).
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

    private static final String DETECTOR_LOGGER = ResourceLeakDetector.class.getName();
    private static final int COLLECTION_ROUNDS = 5;

    private final Leaks leaks = new Leaks();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (LoggerFactory.getLogger(DETECTOR_LOGGER) instanceof Logger logger) {
            leaks.setContext(logger.getLoggerContext());
            leaks.start();
            logger.addAppender(leaks);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!(LoggerFactory.getLogger(DETECTOR_LOGGER) instanceof Logger logger)) {
            return;
        }
        for (int round = 0; round < COLLECTION_ROUNDS && leaks.reports.isEmpty(); round++) {
            collectGarbage();
            for (int i = 0; i < 64; i++) {
                ByteBufAllocator.DEFAULT.buffer(8).release();
                Unpooled.buffer(8).release();
            }
        }
        logger.detachAppender(leaks);
        leaks.stop();
        if (!leaks.reports.isEmpty()) {
            fail(context.getDisplayName() + " leaked Netty buffers:\n" + String.join("\n\n", leaks.reports));
        }
    }

    /**
     * Runs a collection and waits (bounded) until the reference handler has enqueued what it
     * found, using a sentinel: only enqueued leaks can be reported.
     */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }

    /** Collects the leak detector's ERROR lines. */
    private static final class Leaks extends AppenderBase<ILoggingEvent> {
        final List<String> reports = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getFormattedMessage().contains("LEAK")) {
                reports.add(event.getFormattedMessage());
            }
        }
    }
}
