package org.distillnas.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.data.Batch;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cached teachers over a split of 10 samples and 3 classes. The "logits" recorded for sample i in
 * epoch e are {@code [100e + 10i, 100e + 10i + 1, 100e + 10i + 2]}, so every value names its sample
 * and epoch.
 */
class CachedTeachersTest {
    private static final int C = 3;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    private static float[] row(int epoch, int sample) {
        return new float[] {100 * epoch + 10 * sample, 100 * epoch + 10 * sample + 1, 100 * epoch + 10 * sample + 2};
    }

    private static void record(CachedTeachers cache, NDManager m, int epoch, int... samples) {
        float[] v = new float[samples.length * C];
        for (int i = 0; i < samples.length; i++) {
            System.arraycopy(row(epoch, samples[i]), 0, v, i * C, C);
        }
        cache.record(batch(samples), m.create(v, new Shape(samples.length, C)), Fixtures.ctx(epoch, epoch * 10L));
    }

    private static Batch batch(int... samples) {
        return new Batch(new float[samples.length], new int[samples.length], samples.length, 1, 1, 1, samples);
    }

    private static float[] concat(float[]... rows) {
        float[] out = new float[rows.length * C];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * C, C);
        }
        return out;
    }

    @Test
    void returnsTheStoredOutputsOfTheBatchsSamplesFromThePreviousEpochs() {
        try (NDManager m = NDManager.newBaseManager()) {
            CachedTeachers cache = new CachedTeachers(2, 10, m);
            // epoch 0 visits every sample but 9 (the dropped partial batch)
            record(cache, m, 0, 5, 2, 7);
            assertThat(cache.logits(batch(5, 2), null, Fixtures.ctx(0, 1), m)).as("no teacher in epoch 0").isNull();
            record(cache, m, 0, 0, 1, 3, 4, 6, 8);

            // epoch 1: one teacher (epoch 0); sample 9 has no output and is left out
            TeacherLogits t = cache.logits(batch(7, 9, 5), null, Fixtures.ctx(1, 10), m);
            assertThat(cache.epochs()).containsExactly(0);
            assertThat(t.rows()).containsExactly(0, 2);
            assertThat(t.logits().getShape()).isEqualTo(new Shape(1, 2, C));
            assertThat(t.logits().toFloatArray()).containsExactly(concat(row(0, 7), row(0, 5)));
            record(cache, m, 1, 7, 9, 5);

            // epoch 2: teachers epoch 0 and epoch 1; sample 2 was not visited in epoch 1 and keeps
            // its epoch-0 output in the epoch-1 slot
            t = cache.logits(batch(5, 2), null, Fixtures.ctx(2, 20), m);
            assertThat(cache.epochs()).containsExactly(0, 1);
            assertThat(t.rows()).isNull();
            assertThat(t.logits().toFloatArray()).containsExactly(concat(row(0, 5), row(0, 2), row(1, 5), row(0, 2)));
            // sample 9 is in the epoch-1 slot but not in the epoch-0 one: still no teachers
            assertThat(cache.logits(batch(9), null, Fixtures.ctx(2, 21), m)).isNull();
            record(cache, m, 2, 9, 2);

            // epoch 3: K = 2, so epoch 0 has left; now sample 9 has both teachers
            t = cache.logits(batch(9, 2, 5), null, Fixtures.ctx(3, 30), m);
            assertThat(cache.epochs()).containsExactly(1, 2);
            assertThat(t.rows()).isNull();
            assertThat(t.logits().toFloatArray()).containsExactly(
                    concat(row(1, 9), row(0, 2), row(1, 5), row(2, 9), row(2, 2), row(1, 5)));
        }
    }

    @Test
    void stateRoundTripsThroughACheckpoint() {
        try (NDManager m = NDManager.newBaseManager()) {
            CachedTeachers cache = new CachedTeachers(2, 10, m);
            record(cache, m, 0, 1, 2, 3);
            record(cache, m, 1, 1, 2);
            record(cache, m, 2, 3); // epoch 2 is being written when the checkpoint is taken
            CachedTeachers restored = new CachedTeachers(2, 10, m);
            restored.loadState(cache.stateArrays(), cache.stateJson());
            assertThat(restored.epochs()).containsExactly(0, 1);
            for (CachedTeachers c : new CachedTeachers[] {cache, restored}) {
                NDArray t = c.logits(batch(3, 1), null, Fixtures.ctx(3, 30), m).logits();
                assertThat(c.epochs()).containsExactly(1, 2);
                assertThat(t.toFloatArray()).containsExactly(concat(row(0, 3), row(1, 1), row(2, 3), row(1, 1)));
            }
        }
    }

    @Test
    void needsBatchesThatKnowTheirSamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            CachedTeachers cache = new CachedTeachers(1, 10, m);
            Batch anonymous = new Batch(new float[1], new int[1], 1, 1, 1, 1);
            assertThatThrownBy(() -> cache.record(anonymous, m.zeros(new Shape(1, C)), Fixtures.ctx(0, 0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("sample indices");
        }
    }
}
