package com.followermaze.common.config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a launcher says about the broker as it starts. A service connects to the broker in the
 * background and retries for ever; so that an operator is not told it runs while it waits,
 * the launcher announces "running" only once connected, and if that takes longer than
 * {@link #GRACE}, first says once that it is waiting, and where:
 * {@code follower-maze is waiting for the broker at amqp://guest:****@127.0.0.1:5673 (retrying)}.
 *
 * <p>Connected now: the announcement is made at once, on the caller's thread. Otherwise a
 * daemon thread looks every {@link #POLL} until it is (it ends with the JVM if never).
 */
public final class BrokerWait {

    /** How long a connection may take before the launcher says it is waiting. */
    public static final Duration GRACE = Duration.ofSeconds(2);

    /** How often the waiting thread looks again. */
    public static final Duration POLL = Duration.ofMillis(100);

    private BrokerWait() {
    }

    /** The line saying {@code launcher} waits for the broker at {@code maskedUri}. */
    public static String waitingLine(String launcher, String maskedUri) {
        return launcher + " is waiting for the broker at " + maskedUri + " (retrying)";
    }

    /**
     * Runs {@code running} once {@code connected} holds; says {@link #waitingLine} through
     * {@code say} first if it does not hold within {@link #GRACE}, unless that was said already.
     *
     * @param launcher    the launcher's name, for the line and the thread
     * @param maskedUri   the broker, its password masked
     * @param connected   whether the service is connected (consuming, for a processor)
     * @param say         where the waiting line goes (stdout, a log)
     * @param alreadySaid whether the waiting line was said already (then it is not repeated)
     * @param running     the announcement, once connected
     */
    public static void announceWhenConnected(String launcher, String maskedUri, BooleanSupplier connected,
                                             Consumer<String> say, boolean alreadySaid, Runnable running) {
        if (connected.getAsBoolean()) {
            running.run();
            return;
        }
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + GRACE.toNanos();
            boolean said = alreadySaid;
            try {
                while (!connected.getAsBoolean()) {
                    if (!said && System.nanoTime() - deadline >= 0) {
                        say.accept(waitingLine(launcher, maskedUri));
                        said = true;
                    }
                    TimeUnit.NANOSECONDS.sleep(POLL.toNanos()); // a poll: the services offer no connect callback
                }
                running.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, launcher + "-broker-wait");
        watcher.setDaemon(true);
        watcher.start();
    }
}
