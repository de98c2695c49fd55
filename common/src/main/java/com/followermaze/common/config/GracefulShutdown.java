package com.followermaze.common.config;

import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a launcher stops: on SIGTERM or Ctrl-C it closes the service (which drains, confirms
 * and acknowledges), then ends the process with status 0 rather than the JVM's 143 for a
 * signal; after a fatal error it exits with the status given to {@link #fail}.
 *
 * <p>One instance per launcher. The exit status is decided once the close has finished, by
 * halting the JVM from the shutdown hook: calling {@code System.exit} there would deadlock.
 */
public final class GracefulShutdown {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final String name;
    private volatile int status;

    public GracefulShutdown(String name) {
        this.name = name;
    }

    /** Runs {@code close} when the JVM is asked to stop, then ends it with the decided status. */
    public void install(Callable<?> close) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close.call();
                log.info("{} stopped", name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("{}: shutdown interrupted", name);
            } catch (Exception e) {
                log.error("{}: shutdown failed", name, e);
                status = Math.max(status, 1);
            }
            Runtime.getRuntime().halt(status);
        }, name + "-shutdown"));
    }

    /** Stops the process with {@code exitStatus} after a fatal error (from any thread). */
    public void fail(int exitStatus) {
        status = exitStatus;
        new Thread(() -> System.exit(exitStatus), name + "-fatal-exit").start();
    }
}
