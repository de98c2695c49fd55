package com.followermaze.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SilenceRecorderTest {

    private static final long MS = 1_000_000;

    @Test
    void aSilenceRunsFromTheLastPollThatSawAChangeToTheFirstThatSeesTheNext() {
        SilenceRecorder recorder = new SilenceRecorder(() -> 0);
        recorder.observe(0, 0);
        recorder.observe(1 * MS, 5);
        recorder.observe(2 * MS, 5);
        recorder.observe(3_000 * MS, 5);
        recorder.observe(4_001 * MS, 6);
        recorder.observe(4_002 * MS, 7);

        assertThat(recorder.silences()).containsExactly(new Silence(1 * MS, 4_001 * MS));
        assertThat(recorder.silences().get(0).millis()).isEqualTo(4_000);
    }

    @Test
    void gapsUnderTheThresholdAndTheQuietAfterTheLastNotificationAreNoSilences() {
        SilenceRecorder recorder = new SilenceRecorder(() -> 0);
        recorder.observe(0, 1);
        recorder.observe((SilenceRecorder.THRESHOLD_MILLIS - 1) * MS, 2);
        recorder.observe((2 * SilenceRecorder.THRESHOLD_MILLIS - 2) * MS, 3);
        recorder.observe(60_000 * MS, 3);

        assertThat(recorder.silences()).isEmpty();
    }

    @Test
    void aGapOfExactlyTheThresholdIsOne() {
        SilenceRecorder recorder = new SilenceRecorder(() -> 0);
        recorder.observe(0, 1);
        recorder.observe(SilenceRecorder.THRESHOLD_MILLIS * MS, 2);

        assertThat(recorder.silences()).containsExactly(new Silence(0, SilenceRecorder.THRESHOLD_MILLIS * MS));
    }

    @Test
    void keepsTheFirstSilencesUpToItsBound() {
        SilenceRecorder recorder = new SilenceRecorder(() -> 0);
        long now = 0;
        for (int i = 0; i <= SilenceRecorder.MAX_KEPT + 5; i++) {
            recorder.observe(now, i);
            now += 100 * MS;
        }

        assertThat(recorder.silences()).hasSize(SilenceRecorder.MAX_KEPT);
        assertThat(recorder.silences().get(0)).isEqualTo(new Silence(0, 100 * MS));
    }
}
