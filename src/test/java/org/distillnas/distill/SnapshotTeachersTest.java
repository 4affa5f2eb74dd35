package org.distillnas.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Arrays;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.nn.Param;
import org.distillnas.strategy.darts.DartsOptions;
import org.distillnas.strategy.darts.DartsStrategy;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SnapshotTeachersTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /** Sets every tensor of the supernet to {@code v}: a stand-in for "the state after v steps". */
    private static void fill(Supernet net, float v) {
        try (NoGrad ignored = NoGrad.open()) {
            for (Param p : net.namedParams().values()) {
                p.value().subi(p.value()).addi(v);
            }
        }
    }

    /**
     * K = 3, m = 2. A snapshot is taken after steps 2, 4, 6, ...; after 7 steps the ring holds the
     * states after steps 2, 4, 6; after 11 steps those after 6, 8, 10 (2 and 4 have left).
     */
    @Test
    void ringKeepsTheKLatestSnapshotsTakenEveryMSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Fixtures.supernet(m, 1);
            SnapshotTeachers teachers = new SnapshotTeachers(net, 3, 2);
            assertThat(teachers.steps()).isEmpty();
            for (int g = 0; g < 7; g++) {
                fill(net, g + 1);
                teachers.stepDone(Fixtures.ctx(0, g));
            }
            assertThat(teachers.steps()).containsExactly(2L, 4L, 6L);
            for (int g = 7; g < 11; g++) {
                fill(net, g + 1);
                teachers.stepDone(Fixtures.ctx(0, g));
            }
            assertThat(teachers.steps()).containsExactly(6L, 8L, 10L);
            for (long step : teachers.steps()) {
                Map<String, NDArray> snapshot = teachers.snapshot(step);
                assertThat(snapshot.keySet()).isEqualTo(net.namedParams().keySet());
                for (NDArray a : snapshot.values()) {
                    float[] v = a.toFloatArray();
                    float[] expected = new float[v.length];
                    Arrays.fill(expected, step);
                    assertThat(v).as("snapshot after step %d", step).containsExactly(expected);
                }
            }
        }
    }

    /**
     * Real DARTS steps with self-distillation: the snapshot taken after step 1 equals the state then,
     * and still does two training steps later, while the supernet itself has moved on.
     */
    @Test
    void aSnapshotIsNotChangedByLaterTrainingSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Fixtures.supernet(m, 2);
            SnapshotTeachers teachers = new SnapshotTeachers(net, 3, 1);
            DartsStrategy darts = new DartsStrategy("sd-darts", net, DartsOptions.defaults(false)).distillWith(
                    new SelfDistillation(teachers, teachers, new SoftVoting(), new KlDistillationLoss(4), 4,
                            new LambdaSchedule(1, 0)));
            step(darts, 0);
            assertThat(teachers.steps()).containsExactly(1L);
            Map<String, float[]> afterStep1 = Fixtures.state(net);
            Map<String, float[]> snapshot1 = Fixtures.host(teachers.snapshot(1));
            assertThat(snapshot1.keySet()).isEqualTo(afterStep1.keySet());
            snapshot1.forEach((k, v) -> assertThat(v).as(k).containsExactly(afterStep1.get(k)));

            step(darts, 1);
            step(darts, 2);
            assertThat(teachers.steps()).containsExactly(1L, 2L, 3L);
            Map<String, float[]> now = Fixtures.state(net);
            assertThat(now.keySet().stream().filter(k -> !Arrays.equals(now.get(k), afterStep1.get(k))).count())
                    .as("tensors changed by steps 2 and 3").isGreaterThan(now.size() / 2);
            Fixtures.host(teachers.snapshot(1)).forEach((k, v) -> assertThat(v).as(k).containsExactly(afterStep1.get(k)));
        }
    }

    private static void step(DartsStrategy darts, int g) {
        try (NDScope scope = new NDScope()) {
            darts.step(Fixtures.batch(10 + g, 0, 1, 2, 3, 4, 5), Fixtures.batch(20 + g, 0, 1, 2, 3, 4, 5),
                    Fixtures.ctx(0, g));
        }
    }

    /**
     * A teacher's logits are the forward pass of its snapshot (training mode), and predicting leaves
     * the student's tensors, BatchNorm statistics included, exactly as they were.
     */
    @Test
    void teachersPredictWithTheirSnapshotsAndLeaveTheStudentAsItWas() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Fixtures.supernet(m, 3);
            Supernet twin = Fixtures.supernet(m, 99);
            SnapshotTeachers teachers = new SnapshotTeachers(net, 2, 1);
            DartsStrategy darts = new DartsStrategy("sd-darts", net, DartsOptions.defaults(false)).distillWith(
                    new SelfDistillation(teachers, null, new SoftVoting(), new KlDistillationLoss(4), 4,
                            new LambdaSchedule(1, 0)));
            for (int g = 0; g < 3; g++) {
                step(darts, g);
            }
            Batch b = Fixtures.batch(7, 3, 1, 4);
            Map<String, float[]> before = Fixtures.state(net);
            try (NDManager sm = m.newSubManager()) {
                NDArray x = b.x(sm);
                TeacherLogits t = teachers.logits(b, x, Fixtures.ctx(0, 3), sm);
                assertThat(t.rows()).isNull();
                assertThat(t.logits().getShape().getShape()).containsExactly(2, 3, Fixtures.CLASSES);
                Map<String, float[]> after = Fixtures.state(net);
                before.forEach((k, v) -> assertThat(after.get(k)).as(k).containsExactly(v));
                int k = 0;
                for (long step : teachers.steps()) {
                    twin.loadArrays(teachers.snapshot(step), "", "snapshot", "test");
                    float[] expected;
                    try (NoGrad ignored = NoGrad.open()) {
                        expected = twin.forward(x, true).toFloatArray();
                    }
                    assertThat(t.logits().get(k++).toFloatArray()).as("teacher of step %d", step)
                            .containsExactly(expected, within(1e-5f));
                }
            }
        }
    }

    @Test
    void stateRoundTripsThroughACheckpoint() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Fixtures.supernet(m, 4);
            SnapshotTeachers teachers = new SnapshotTeachers(net, 2, 1);
            for (int g = 0; g < 3; g++) {
                fill(net, g + 1);
                teachers.stepDone(Fixtures.ctx(0, g));
            }
            SnapshotTeachers restored = new SnapshotTeachers(Fixtures.supernet(m, 5), 2, 1);
            restored.loadState(teachers.stateArrays(), teachers.stateJson());
            assertThat(restored.steps()).containsExactly(2L, 3L);
            for (long s : restored.steps()) {
                Map<String, float[]> a = Fixtures.host(teachers.snapshot(s));
                Fixtures.host(restored.snapshot(s)).forEach((k, v) -> assertThat(v).containsExactly(a.get(k)));
            }
        }
    }

    @Test
    void rejectsInconsistentSizes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Fixtures.supernet(m, 1);
            assertThatThrownBy(() -> new SnapshotTeachers(net, 0, 1)).isInstanceOf(BadInputException.class)
                    .hasMessage("--sd-teachers 0: expected at least 1");
            assertThatThrownBy(() -> new SnapshotTeachers(net, 3, 0)).isInstanceOf(BadInputException.class)
                    .hasMessage("--sd-every 0: expected at least 1 step");
        }
    }
}
