package org.distillnas.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.distillnas.util.Failpoints;
import org.junit.jupiter.api.Test;

class KillTest {
    @Test
    void drawsAreSeededAndCoverEveryKindOfMoment() {
        Map<String, Integer> kinds = new HashMap<>();
        for (int t = 0; t < 400; t++) {
            Kill k = Kill.draw(1, t, 3);
            assertThat(Kill.draw(1, t, 3)).isEqualTo(k);
            kinds.merge(k.timer() ? "timer" : k.failpoint(), 1, Integer::sum);
            if (k.timer()) {
                assertThat(k.fraction()).isBetween(0.05, 0.95);
            } else {
                assertThat(k.occurrence()).isBetween(1, 3);
            }
        }
        assertThat(kinds).containsKeys("timer", Failpoints.CHECKPOINT_TENSORS, Failpoints.CHECKPOINT_STATE,
                Failpoints.CHECKPOINT_LATEST, Failpoints.EVALUATION, Failpoints.FINAL_OUTPUTS);
        // half timers, a fifth checkpoint writes, a fifth evaluations, a tenth final outputs (loosely)
        assertThat(kinds.get("timer")).isBetween(160, 240);
        assertThat(kinds.get(Failpoints.EVALUATION)).isBetween(50, 110);
        assertThat(kinds.get(Failpoints.FINAL_OUTPUTS)).isBetween(20, 60);
    }

    @Test
    void neighbouringSeedsGiveDifferentPlans() {
        int same = 0;
        for (int t = 0; t < 50; t++) {
            same += Kill.draw(1, t, 3).equals(Kill.draw(2, t, 3)) ? 1 : 0;
        }
        assertThat(same).isLessThan(15);
    }

    @Test
    void aLateTimerMovesEarlierAndAFailpointStays() {
        assertThat(new Kill(null, 0, 0.8).earlier().fraction()).isEqualTo(0.4);
        Kill f = new Kill(Failpoints.EVALUATION, 2, 0);
        assertThat(f.earlier()).isEqualTo(f);
        assertThat(f.property()).isEqualTo("evaluation@2:pause");
        assertThat(f.describe()).isEqualTo("evaluation #2");
    }
}
