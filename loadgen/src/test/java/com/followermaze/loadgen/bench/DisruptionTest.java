package com.followermaze.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.followermaze.loadgen.report.Silence;

class DisruptionTest {

    private static final long MS = 1_000_000;

    @Test
    void thePauseRunsFromTheMarkToTheEndOfTheLongestSilenceThatEndedAfterIt() {
        List<Silence> silences = List.of(new Silence(0, 5_000 * MS), new Silence(10_000 * MS, 10_050 * MS),
                new Silence(10_300 * MS, 13_300 * MS), new Silence(20_000 * MS, 20_400 * MS));

        assertThat(Disruption.Pause.after(10_100 * MS, silences)).as("the 5 s silence ended before the mark")
                .hasValue(new Disruption.Pause(3_200, 3_000));
    }

    @Test
    void aSilenceThatBeganBeforeTheMarkCountsFromTheMark() {
        List<Silence> silences = List.of(new Silence(900 * MS, 2_400 * MS));

        assertThat(Disruption.Pause.after(1_000 * MS, silences)).hasValue(new Disruption.Pause(1_400, 1_500));
    }

    @Test
    void aSilenceThatBeganLaterThanTheWindowIsNotTheStall() {
        long window = Disruption.STALL_WINDOW.toMillis();
        List<Silence> silences = List.of(new Silence(1_100 * MS, 1_200 * MS),
                new Silence((1_000 + window) * MS, (1_000 + window + 900) * MS));

        assertThat(Disruption.Pause.after(1_000 * MS, silences)).hasValue(new Disruption.Pause(200, 100));
        assertThat(Disruption.Pause.listAfter(1_000 * MS, silences, 100)).isEqualTo("+0.10..+0.20 s, +"
                + String.format(java.util.Locale.ROOT, "%.2f..+%.2f s", window / 1e3, (window + 900) / 1e3));
    }

    @Test
    void noSilenceAfterTheMarkIsNoPause() {
        assertThat(Disruption.Pause.after(1_000 * MS, List.of(new Silence(0, 500 * MS)))).isEmpty();
        assertThat(Disruption.Pause.after(1_000 * MS, List.of())).isEmpty();
    }

    @Test
    void theMarkIsTheCommandsFirstLineAndItsExitStatusIsKept() throws Exception {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        long before = System.nanoTime();
        Disruption disruption = Disruption.schedule("echo \"queue $BENCH_QUEUE\"; exit 3", java.time.Duration.ZERO,
                java.util.Map.of("BENCH_QUEUE", "q1"), new java.io.PrintStream(log, true, "UTF-8"));

        assertThat(disruption.finish()).isEqualTo(3);
        assertThat(disruption.mark()).hasValueSatisfying(mark -> assertThat(mark).isGreaterThan(before));
        assertThat(log.toString("UTF-8")).contains("queue q1");
    }
}
