package com.followermaze.loadgen.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.followermaze.loadgen.report.Silence;

/**
 * The {@code --disrupt} command of one run: started on a thread of its own {@code at} after the
 * run starts, with {@code bash -c}, its output copied to a log with the time of each line. Its
 * <em>mark</em>, the moment of the disruption, is when it prints its first line (so that it can
 * look up what to disrupt first, and say so just before it does). {@link #finish} waits for it.
 */
final class Disruption {

    /** Bound on the command, from its start; past it, it is killed. */
    static final Duration BOUND = Duration.ofMinutes(5);

    /** How soon after the mark a silence must begin to be the disruption's stall. */
    static final Duration STALL_WINDOW = Duration.ofSeconds(5);

    /**
     * What the disruption cost the user clients: its stall, the longest silence that began less
     * than {@link #STALL_WINDOW} after the mark and ended after it (in-flight notifications may
     * still arrive for a while after a kill), and from the mark to the stall's end, the first
     * notification received after it.
     */
    record Pause(long sinceMarkMillis, long silenceMillis) {

        /** The pause after {@code markNanos}; empty when no silence (of the recorder's threshold) qualifies. */
        static Optional<Pause> after(long markNanos, List<Silence> silences) {
            return silences.stream()
                    .filter(silence -> silence.toNanos() > markNanos && silence.fromNanos() - markNanos < STALL_WINDOW.toNanos())
                    .max(Comparator.comparingLong(Silence::millis))
                    .map(silence -> new Pause((silence.toNanos() - markNanos) / 1_000_000, silence.millis()));
        }

        /** The silences of at least {@code minMillis} that ended after the mark, as offsets from it: {@code +0.65..+4.00 s}. */
        static String listAfter(long markNanos, List<Silence> silences, long minMillis) {
            return silences.stream().filter(silence -> silence.toNanos() > markNanos && silence.millis() >= minMillis)
                    .map(silence -> String.format(Locale.ROOT, "%+.2f..%+.2f s", (silence.fromNanos() - markNanos) / 1e9,
                            (silence.toNanos() - markNanos) / 1e9))
                    .collect(Collectors.joining(", "));
        }
    }

    private final CompletableFuture<Integer> exit;
    private volatile long markNanos;
    private volatile Process process;

    private Disruption(String command, Duration at, Map<String, String> env, PrintStream log) {
        long startNanos = System.nanoTime();
        exit = CompletableFuture.supplyAsync(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(at.toNanos());
                ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
                builder.environment().putAll(env);
                process = builder.start();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        long now = System.nanoTime();
                        if (markNanos == 0) {
                            markNanos = now;
                        }
                        log.printf(Locale.ROOT, "bench: --disrupt, %.3f s into the run: %s%n", (now - startNanos) / 1e9, line);
                    }
                }
                return process.waitFor();
            } catch (IOException e) {
                log.println("bench: --disrupt could not run: " + e.getMessage());
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        });
    }

    /** Runs {@code command} {@code at} from now, with {@code env} added to bench's environment. */
    static Disruption schedule(String command, Duration at, Map<String, String> env, PrintStream log) {
        return new Disruption(command, at, env, log);
    }

    /** Waits for the command (at most {@link #BOUND}, then kills it); its exit status, -1 if it did not run or end. */
    int finish() throws InterruptedException {
        try {
            return exit.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Process running = process;
            if (running != null) {
                running.destroyForcibly();
            }
            exit.cancel(true);
            return -1;
        }
    }

    /** When the command printed its first line, System.nanoTime; empty if it printed none. */
    Optional<Long> mark() {
        return markNanos == 0 ? Optional.empty() : Optional.of(markNanos);
    }
}
