package org.distillnas.distill.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.distillnas.distill.PrioritizedPathLoss;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The matching network's teacher choice, rho, and Cream's loss, on fixed outputs with hand-computed values. */
class TeacherChoiceTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    /**
     * One stored image per entry, 2 classes; the student always predicts softmax (0, ln 3) = (0.25,
     * 0.75). Entries store (0.5, 0.5), (0.25, 0.75) and (0.9, 0.1); with w = (1, -1), b = 0.1 the
     * scores are w . (q - P) + b:
     *   entry 0: (-0.25) - (0.25) + 0.1 = -0.4
     *   entry 1: 0 - 0 + 0.1           =  0.1
     *   entry 2: (-0.65) - (0.65) + 0.1 = -1.2
     * so entry 1 teaches with rho = sigmoid(-0.1) = 0.475021; rho from the last scored (the
     * reference's quirk) is sigmoid(1.2) = 0.768525.
     */
    @Test
    void theBestScoringEntryTeachesWithRhoFromItsScore() {
        try (NDManager m = NDManager.newBaseManager(); PrioritizedBoard board = new PrioritizedBoard(3, 0, 0, m)) {
            Subnet[] paths = new Subnet[3];
            java.util.Random r = new java.util.Random(3);
            double[][] stored = {{0.5, 0.5}, {0.25, 0.75}, {0.9, 0.1}};
            for (int i = 0; i < 3; i++) {
                paths[i] = SampledSpaces.byName("mbv3-small").sample(r);
                int k = i;
                // scores 30, 20, 10 keep the board in insertion order
                board.offer(paths[i], 30 - 10 * i, 1, 0, i, mm -> new NDArray[] {mm.zeros(new Shape(1, 1, 2, 2)),
                    mm.create(new float[][] {{(float) stored[k][0], (float) stored[k][1]}})});
            }
            MetaMatchingNetwork net = new MetaMatchingNetwork(2, 0, DataType.FLOAT32, m);
            net.loadState(Map.of("meta.weight", m.create(new float[] {1, -1}), "meta.bias", m.create(new float[] {0.1f})), 0);
            java.util.function.UnaryOperator<NDArray> student =
                    x -> x.getManager().create(new float[][] {{0, (float) Math.log(3)}});

            TeacherChoice c = new MetaMatching(net, false).choose(board, student);
            assertThat(c.teacher()).isEqualTo(1);
            assertThat(c.score()).isCloseTo(0.1, within(1e-6));
            assertThat(c.rho()).isCloseTo(0.475021, within(1e-6));

            TeacherChoice quirk = new MetaMatching(net, true).choose(board, student);
            assertThat(quirk.teacher()).isEqualTo(1);
            assertThat(quirk.rhoEntry()).isEqualTo(2);
            assertThat(quirk.rho()).isCloseTo(0.768525, within(1e-6));

            TeacherChoice fixed = new BestEntryMatching(0.5).choose(board, student);
            assertThat(fixed.teacher()).isZero();
            assertThat(fixed.rho()).isEqualTo(0.5);
        }
    }

    /**
     * Logits (0, ln 3): q = (0.25, 0.75); label 1: CE = -ln 0.75 = 0.287682; teacher (0.5, 0.5):
     * KD = -(0.5 ln 0.25 + 0.5 ln 0.75) = 0.836988; rho 0.4: L = (0.4 KD + 1.6 CE) / 2 = 0.397543.
     */
    @Test
    void creamsLossWeighsTheTeacherByRho() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[][] {{0, (float) Math.log(3)}});
            NDArray y = m.create(new long[] {1});
            NDArray p = m.create(new float[][] {{0.5f, 0.5f}});
            assertThat(PrioritizedPathLoss.loss(z, y, p, 0.4).getFloat()).isCloseTo(0.397543f, within(1e-5f));
            // rho = 0: the labels alone
            assertThat(PrioritizedPathLoss.loss(z, y, p, 0).getFloat()).isCloseTo(0.287682f, within(1e-5f));
            // rho = 1: the mean of both terms
            assertThat(PrioritizedPathLoss.loss(z, y, p, 1).getFloat()).isCloseTo((0.836988f + 0.287682f) / 2, within(1e-5f));
        }
    }

    /** MetaMatchingNetwork.update clips the gradient's norm at 1: g = (3, 4), norm 5, lr 0.1 moves w by (0.06, 0.08). */
    @Test
    void theMetaStepClipsTheGradientNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            MetaMatchingNetwork net = new MetaMatchingNetwork(2, 0, DataType.FLOAT32, m);
            net.loadState(Map.of("meta.weight", m.create(new float[] {1, 1}), "meta.bias", m.create(new float[] {0})), 0);
            net.update(Map.of("weight", m.create(new float[] {3, 4}), "bias", m.create(new float[] {0})), 0.1);
            assertThat(net.params().get("weight").value().toFloatArray()).containsExactly(new float[] {0.94f, 0.92f},
                    within(1e-6f));
            assertThat(net.updates()).isEqualTo(1);
        }
    }
}
