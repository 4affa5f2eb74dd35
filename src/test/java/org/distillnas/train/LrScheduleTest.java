package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    /** E = 4, no warm-up: 0.1 + 0.9 (1 + cos(pi e / 4)) / 2 for max 1, min 0.1. */
    @Test
    void cosineAnnealingPerEpoch() {
        LrSchedule s = new LrSchedule(1, 0.1, 4);
        assertThat(s.at(0)).isEqualTo(1.0);
        assertThat(s.at(2)).isCloseTo(0.55, within(1e-12));
        assertThat(s.at(4)).isCloseTo(0.1, within(1e-12));
    }

    /**
     * E = 6, W = 2, max 1, min 0: warm-up 1/3, 2/3, then the cosine over the remaining 4 epochs
     * starts at 1 (epoch 2) and is 0.5 at epoch 4.
     */
    @Test
    void linearWarmUpThenCosineOverTheRest() {
        LrSchedule s = new LrSchedule(1, 0, 6, 2);
        assertThat(s.at(0)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.at(1)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.at(2)).isEqualTo(1.0);
        assertThat(s.at(4)).isCloseTo(0.5, within(1e-12));
        assertThat(s.at(5)).isCloseTo((1 + Math.cos(Math.PI * 3 / 4)) / 2, within(1e-12));
    }
}
