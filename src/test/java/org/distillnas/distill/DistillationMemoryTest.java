package org.distillnas.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.distillnas.strategy.darts.DartsOptions;
import org.distillnas.strategy.darts.DartsStrategy;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Teachers keep memory flat: once the ring (or cache) is full and the optimizers' state exists, a
 * step leaves no array behind, whatever the source, with the architecture step distilled too and
 * checkpoints taken in between.
 */
class DistillationMemoryTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    @Test
    void snapshotTeachersLeaveNoArraysBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Fixtures.supernet(m, 8);
            SnapshotTeachers t = new SnapshotTeachers(net, 2, 1);
            assertFlat(m, net, new SelfDistillation(t, t, new SoftVoting(), new KlDistillationLoss(4), 4,
                    new LambdaSchedule(1, 0)));
        }
    }

    @Test
    void cachedTeachersLeaveNoArraysBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Fixtures.supernet(m, 9);
            assertFlat(m, net, new SelfDistillation(new CachedTeachers(2, 4, m), new CachedTeachers(2, 4, m),
                    new HardVoting(0.1), new KlDistillationLoss(4), 4, new LambdaSchedule(1, 0)));
        }
    }

    /**
     * Steps 0..3 fill everything (epochs of one step each: the cache's ring is full from step 3,
     * the snapshot ring from step 2); steps 4..7 must not add arrays.
     */
    private static void assertFlat(NDManager m, Supernet net, SelfDistillation sd) {
        DartsStrategy darts = new DartsStrategy("sd-darts", net, DartsOptions.defaults(false)).distillWith(sd);
        int filled = 0;
        for (int g = 0; g < 8; g++) {
            try (NDScope scope = new NDScope()) {
                darts.step(Fixtures.batch(g, 0, 1, 2, 3), Fixtures.batch(100 + g, 3, 2, 1, 0),
                        Fixtures.ctx(g, g));
            }
            darts.stateArrays(); // as a checkpoint would
            if (g == 3) {
                filled = ((BaseNDManager) m).getManagedArrays().size();
            }
        }
        assertThat(((BaseNDManager) m).getManagedArrays()).hasSize(filled);
    }
}
