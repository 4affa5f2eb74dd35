package org.distillnas.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.step.StepContext;
import org.distillnas.strategy.darts.DartsOptions;
import org.distillnas.strategy.darts.DartsStrategy;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PC-DARTS's edge normalisation: beta per edge, softmax over each node's incoming edges, trained
 * with alpha, and multiplied into the op scores that choose the genotype.
 */
class EdgeNormalizationTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        ai.djl.engine.Engine.getInstance().setRandomSeed(5);
    }

    static Supernet darts(NDManager m, SupernetOptions options) {
        return new DartsSpace().supernet(new MacroConfig(4, 3, 1, 10), options, new ParamFactory(m, 1));
    }

    static void set(Param p, float[] values) {
        try (NoGrad ignored = NoGrad.open()) {
            p.value().muli(0).addi(p.value().getManager().create(values, p.value().getShape()));
        }
    }

    @Test
    void betasArePerEdgeArchitectureParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet s = darts(m, SupernetOptions.defaults().withEdgeNormalization(true));
            assertThat(s.archParams().keySet())
                    .containsExactly("arch.normal", "arch.reduce", "arch.beta.normal", "arch.beta.reduce");
            assertThat(s.archParams().get("arch.beta.normal").value().getShape()).isEqualTo(new Shape(14));
            assertThat(s.weights().keySet()).noneMatch(n -> n.contains("beta"));
            // without edge normalisation nothing changes
            assertThat(darts(m, SupernetOptions.defaults()).archParams().keySet()).containsExactly("arch.normal", "arch.reduce");
        }
    }

    /** Node j's incoming edges share a softmax of their own betas (PC-DARTS Eq. 4). */
    @Test
    void edgeWeightsAreASoftmaxOverEachNodesIncomingEdges() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            Supernet s = new Nb201Space().supernet(new MacroConfig(4, 1, 1, 10),
                    SupernetOptions.defaults().withEdgeNormalization(true), new ParamFactory(m, 0));
            // edges 0->1 | 0->2, 1->2 | 0->3, 1->3, 2->3
            set(s.arch().betas().get("cell"), new float[] {5, 0, (float) Math.log(3), 1, 1, 2});
            NDArray[] w = s.arch().cellWeights("cell").edges();
            double[] v = new double[6];
            for (int e = 0; e < 6; e++) {
                v[e] = w[e].toFloatArray()[0];
            }
            double z = 2 * Math.E + Math.exp(2);
            assertThat(v).containsExactly(new double[] {1, 0.25, 0.75, Math.E / z, Math.E / z, Math.exp(2) / z},
                    within(1e-6));
            assertThat(s.arch().edgeProbabilities().get("cell")).containsExactly(v, within(1e-6));
        }
    }

    /**
     * Node 3 of the normal cell (edges 2: 0->3, 3: 1->3, 4: 2->3). By alpha alone, 0->3 (sep_conv_3x3,
     * e^2 / (e^2 + 7) = 0.51) and 1->3 (sep_conv_3x3, 0.39) beat 2->3 (skip, 0.28). Beta (0, 0, 2)
     * weighs them 0.11, 0.11, 0.79: scores 0.055, 0.042, 0.220, so node 3 keeps 2->3 and 0->3.
     */
    @Test
    void betaChangesWhichEdgesANodeKeeps() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet s = darts(m, SupernetOptions.defaults().withEdgeNormalization(true));
            float[] alpha = new float[14 * 8];
            alpha[2 * 8 + 4] = 2.0f; // 0->3 sep_conv_3x3
            alpha[3 * 8 + 4] = 1.5f; // 1->3 sep_conv_3x3
            alpha[4 * 8 + 3] = 1.0f; // 2->3 skip_connect
            set(s.arch().alpha("normal"), alpha);
            set(s.arch().alpha("reduce"), new float[14 * 8]);
            float[] beta = new float[14];
            beta[4] = 2.0f;
            set(s.arch().betas().get("normal"), beta);
            set(s.arch().betas().get("reduce"), new float[14]);

            DartsGenotype byAlpha = (DartsGenotype) s.space().discretize(s.arch().probabilities());
            assertThat(byAlpha.normal().subList(2, 4))
                    .containsExactly(new Edge("sep_conv_3x3", 0), new Edge("sep_conv_3x3", 1));

            DartsGenotype g = (DartsGenotype) s.genotype();
            assertThat(g.normal().subList(2, 4)).containsExactly(new Edge("skip_connect", 2), new Edge("sep_conv_3x3", 0));
            // nodes with equal betas keep what alpha alone keeps
            assertThat(g.normal().subList(0, 2)).isEqualTo(byAlpha.normal().subList(0, 2));
            assertThat(g.normal().subList(4, 8)).isEqualTo(byAlpha.normal().subList(4, 8));
            assertThat(g.reduce()).isEqualTo(byAlpha.reduce());
            double[][] scores = s.arch().scores().get("normal");
            assertThat(scores[4][3]).isCloseTo(Math.E / (Math.E + 7) * Math.exp(2) / (2 + Math.exp(2)), within(1e-6));
        }
    }

    /** One PC-DARTS step: the betas get a gradient from the validation loss and Adam moves them. */
    @Test
    void betasLearnInTheArchitectureStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet s = new Nb201Space().supernet(new MacroConfig(8, 1, 1, 10), SupernetOptions.pcDarts(4),
                    new ParamFactory(m, 2));
            DartsStrategy pc = new DartsStrategy("pc-darts", s, DartsOptions.defaults(false));
            Map<String, float[]> before = new java.util.LinkedHashMap<>();
            s.archParams().forEach((n, p) -> before.put(n, p.value().toFloatArray()));
            java.util.Random r = new java.util.Random(3);
            pc.step(batch(r), batch(r), new StepContext(0, 0, 0, 0.025, 3e-3));
            assertThat(before).containsKey("arch.beta.cell");
            before.forEach((n, v) -> assertThat(s.archParams().get(n).value().toFloatArray()).as(n).isNotEqualTo(v));
        }
    }

    static Batch batch(java.util.Random r) {
        int n = 8;
        float[] x = new float[n * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        return new Batch(x, y, n, 1, 8, 8);
    }
}
