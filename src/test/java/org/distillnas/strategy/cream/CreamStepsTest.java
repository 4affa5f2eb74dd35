package org.distillnas.strategy.cream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.distill.board.BoardConfig;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.step.StepContext;
import org.distillnas.strategy.SampledStepsTest;
import org.distillnas.strategy.SamplingConfig;
import org.distillnas.strategy.SampledWeights;
import org.distillnas.strategy.SubnetSampler;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Cream's steps do to the board and the matching network, and that its state restores a run exactly. */
class CreamStepsTest {
    static final SampledSpace SMALL = SampledSpaces.byName("mbv3-small");

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
        Engine.getInstance().setRandomSeed(5);
    }

    /** Board of 3 from the first step, look-ahead every 3 steps, batch scoring. */
    static BoardConfig config(String matching) {
        return new BoardConfig(3, 5, 0, 4, "batch", matching, 3, 0.5, 0.5, List.of());
    }

    record Run(SampledSupernet net, CreamStrategy cream) {}

    static Run create(NDManager m, BoardConfig c) {
        return create(m, c, null);
    }

    static Run create(NDManager m, BoardConfig c, org.distillnas.data.Batch heldOut) {
        SampledSupernet net = SMALL.supernet(WeightSharing.CHOICE, 1, 10, new ParamFactory(m, 1));
        SubnetSampler sampler = new SubnetSampler(SMALL, SamplingConfig.defaults(), 3, 1, 10);
        return new Run(net, new CreamStrategy("cream", net, sampler, new SampledWeights(0.9, 1e-4, true, 5, 0), c, 7,
                heldOut));
    }

    static BoardConfig with(String scoring, List<String> quirks) {
        BoardConfig c = config("meta");
        return new BoardConfig(c.size(), c.margin(), c.warmupEpochs(), c.storedImages(), scoring, c.matching(),
                c.metaEvery(), c.metaLr(), c.bestRho(), quirks);
    }

    /** Held-out scoring: every score is a share of the 10 held-out images; without a held-out batch, a one-line error. */
    @Test
    void heldOutScoresCountTheHeldOutBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            org.distillnas.data.Batch heldOut = SampledStepsTest.batch(10, 99);
            Run run = create(m, with("held-out", List.of()), heldOut);
            CreamStrategy cream = run.cream();
            java.util.Map<String, Double> expected = new java.util.HashMap<>();
            for (int step = 0; step < 3; step++) {
                step(cream, step);
                // the path's top-1 on the held-out batch with the weights after its step, batch statistics
                try (NDManager mm = m.newSubManager(); org.distillnas.util.NoGrad ng = org.distillnas.util.NoGrad.open()) {
                    NDArray logits = run.net().forward(heldOut.x(mm), cream.path(step), true);
                    expected.put(cream.path(step).toString(),
                            100.0 * org.distillnas.train.Losses.correct(logits, heldOut.y(mm)) / heldOut.size());
                }
            }
            assertThat(cream.board().size()).isEqualTo(3);
            cream.board().entries().forEach(e -> assertThat(e.score()).as(e.path().toString())
                    .isEqualTo(expected.get(e.path().toString())));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> create(m, with("held-out", List.of())))
                    .hasMessageContaining("--board-scoring held-out needs a validation split");
        }
    }

    /**
     * The quirk store-teacher-outputs: the first entry (no teacher yet) stores its own predictions in
     * both modes; a later entry stores its teacher's, which differ from its own.
     */
    @Test
    void theStoreTeacherOutputsQuirkChangesOnlyEntriesThatHadATeacher() {
        try (NDManager m = NDManager.newBaseManager()) {
            CreamStrategy own = create(m, with("batch", List.of())).cream();
            CreamStrategy quirk = create(m, with("batch", List.of(BoardConfig.STORE_TEACHER_OUTPUTS))).cream();
            for (int step = 0; step < 3; step++) {
                step(own, step);
                step(quirk, step);
            }
            for (int i = 0; i < 3; i++) {
                var a = own.board().get(i);
                var b = quirk.board().get(i);
                assertThat(b.path()).isEqualTo(a.path());
                if (a.step() == 0) {
                    assertThat(b.probs().toFloatArray()).isEqualTo(a.probs().toFloatArray());
                } else {
                    assertThat(b.probs().toFloatArray()).isNotEqualTo(a.probs().toFloatArray());
                }
            }
        }
    }

    static void step(CreamStrategy cream, int step) {
        try (NDScope scope = new NDScope()) {
            cream.step(SampledStepsTest.batch(16, step), new StepContext(0, step, step, 0.05, 0));
        }
    }

    @Test
    void theMatchingNetworkChangesOnlyEveryMSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            CreamStrategy cream = create(m, config("meta")).cream();
            float[] previous = cream.meta().params().get("weight").value().toFloatArray();
            for (int step = 0; step < 8; step++) {
                boolean due = cream.metaDue(step);
                step(cream, step);
                float[] now = cream.meta().params().get("weight").value().toFloatArray();
                assertThat(due).as("step %d", step).isEqualTo(step == 3 || step == 6);
                if (due) {
                    assertThat(now).as("step %d", step).isNotEqualTo(previous);
                } else {
                    assertThat(now).as("step %d", step).isEqualTo(previous);
                }
                previous = now;
            }
            assertThat(cream.meta().updates()).isEqualTo(2);
            // the board filled from the first step and holds distinct paths, best first
            assertThat(cream.board().size()).isEqualTo(3);
            assertThat(cream.board().entries()).extracting(e -> e.path().toString()).doesNotHaveDuplicates();
            assertThat(cream.epochMetrics()).containsEntry("board_size", 3).containsEntry("distilled_steps", 7L)
                    .containsEntry("meta_updates", 2L);
        }
    }

    @Test
    void theFixedRuleHasNoMatchingNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            CreamStrategy cream = create(m, config("best")).cream();
            for (int step = 0; step < 4; step++) {
                step(cream, step);
            }
            assertThat(cream.meta()).isNull();
            assertThat(cream.epochMetrics()).containsEntry("rho_mean", 0.5).containsEntry("meta_updates", 0L);
        }
    }

    /**
     * Four steps, a save, four more; a fresh supernet and strategy loaded from the save and run over
     * the same four steps end bit-identical: weights, momentum, board and matching network.
     */
    @Test
    void savedStateContinuesBitIdentically() {
        try (NDManager m = NDManager.newBaseManager()) {
            Run a = create(m, config("meta"));
            for (int step = 0; step < 4; step++) {
                step(a.cream(), step);
            }
            Map<String, NDArray> saved = new LinkedHashMap<>();
            a.net().namedParams().forEach((k, p) -> saved.put("net." + k, p.value().duplicate()));
            a.cream().stateArrays().forEach((k, v) -> saved.put(k, v.duplicate()));
            JsonNode json = a.cream().stateJson().deepCopy();
            for (int step = 4; step < 8; step++) {
                step(a.cream(), step);
            }

            Run b = create(m, config("meta"));
            b.net().loadArrays(saved, "net.", "test", "");
            b.cream().loadState(saved, json);
            for (int step = 4; step < 8; step++) {
                step(b.cream(), step);
            }
            assertThat(values(b.net().namedParams())).isEqualTo(values(a.net().namedParams()));
            assertThat(b.cream().stateJson()).isEqualTo(a.cream().stateJson());
            Map<String, NDArray> sa = a.cream().stateArrays();
            b.cream().stateArrays().forEach((k, v) -> assertThat(v.toFloatArray()).as(k).isEqualTo(sa.get(k).toFloatArray()));
            assertThat(a.cream().meta().updates()).isEqualTo(2);
        }
    }

    static Map<String, List<Float>> values(Map<String, Param> params) {
        Map<String, List<Float>> out = new HashMap<>();
        params.forEach((k, p) -> {
            float[] v = p.value().toFloatArray();
            List<Float> l = new java.util.ArrayList<>(v.length);
            for (float f : v) {
                l.add(f);
            }
            out.put(k, l);
        });
        return out;
    }
}
