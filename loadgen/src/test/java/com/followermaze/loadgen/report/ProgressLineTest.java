package com.followermaze.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The progress line's rate and ETA, on samples with made-up times: no clock, no waiting. */
class ProgressLineTest {

    private static Sample at(double seconds, long eventsSent) {
        return new Sample(seconds, eventsSent, eventsSent * 2, 0, 0, 0);
    }

    @Test
    void aBurstyFeedShowsTheRateOverTheWindowNotZero() {
        ProgressLine line = new ProgressLine(100_000, 3);
        line.update(at(0, 0));
        line.update(at(1, 3_000));
        line.update(at(2, 3_000));

        // Nothing was sent in the last second; over the last three, 1,000 a second.
        assertThat(line.update(at(3, 3_000)))
                .isEqualTo("events 3,000/100,000 (3%)  notifications 6,000  1,000 events/s  ETA 1:37");
    }

    @Test
    void theRateForgetsWhatIsOlderThanTheWindow() {
        ProgressLine line = new ProgressLine(1_000_000, 3);
        line.update(at(0, 0));
        line.update(at(1, 500_000));
        line.update(at(2, 500_000));
        line.update(at(3, 500_000));
        line.update(at(4, 510_000));

        // Over 2..5: 20,000 events in 3 s.
        assertThat(line.update(at(5, 520_000))).contains("6,667 events/s  ETA 1:12");
    }

    @Test
    void samplesThatComeLateStillSpanAtLeastTheWindow() {
        ProgressLine line = new ProgressLine(1_000_000, 3);
        line.update(at(0, 0));
        line.update(at(1.2, 12_000));
        line.update(at(2.9, 29_000));

        // Base 0 (the newest at or before 1.1): 41,000 in 4.1 s.
        assertThat(line.update(at(4.1, 41_000))).contains(" 10,000 events/s ");
        // Base 1.2 (the newest at or before 2.3): 46,000 - 12,000 in 4.4 s.
        assertThat(line.update(at(5.6, 46_000))).contains(" 7,727 events/s ");
    }

    @Test
    void theFirstUpdateHasNoRateAndAnUnknownEta() {
        ProgressLine line = new ProgressLine(10, 3);

        assertThat(line.update(at(0, 0))).isEqualTo("events 0/10 (0%)  notifications 0  0 events/s  ETA ?");
    }

    @Test
    void aStalledFeedHasAnUnknownEtaAndAFinishedOneAZeroEta() {
        ProgressLine line = new ProgressLine(1_000, 3);
        line.update(at(0, 500));
        line.update(at(1, 500));
        line.update(at(2, 500));
        assertThat(line.update(at(3, 500))).endsWith("0 events/s  ETA ?");

        assertThat(line.update(at(4, 1_000))).endsWith(" 167 events/s  ETA 0:00");
    }

    @Test
    void longEtasShowHours() {
        ProgressLine line = new ProgressLine(10_000_000, 3);
        line.update(at(0, 0));

        assertThat(line.update(at(1, 1_000))).endsWith("1,000 events/s  ETA 2:46:39");
    }

    @Test
    void aWindowMustBePositive() {
        assertThatThrownBy(() -> new ProgressLine(10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rateWindowSeconds: 0.0 (expected > 0)");
    }
}
