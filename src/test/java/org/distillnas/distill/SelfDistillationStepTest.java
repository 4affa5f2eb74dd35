package org.distillnas.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.distillnas.data.Batch;
import org.distillnas.step.StepResult;
import org.distillnas.strategy.darts.DartsOptions;
import org.distillnas.strategy.darts.DartsStrategy;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Self-distillation inside a DARTS weight step: the loss it trains on, computed independently. */
class SelfDistillationStepTest {
    private static final double T = 3;
    private static final double LAMBDA = 0.5;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /**
     * Epoch 0 trains on samples 0..5 (cached); in epoch 1 a batch of samples 4, 6, 1 gets teachers
     * for samples 4 and 1 only (6 was never seen). The step's loss must be
     * {@code CE(z, y) + lambda * T^2 / 2 * sum_{n in {4, 1}} KL(softmax(z0_n / T) || softmax(z_n / T))}
     * with z0 the logits of epoch 0's pass and z those of the current pass.
     */
    @Test
    void weightStepLossIsCrossEntropyPlusTheWeightedTermOnTheRowsWithTeachers() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = Fixtures.supernet(m, 6);
            // no architecture steps in these epochs: the supernet changes only by the weight steps
            DartsOptions noArch = new DartsOptions(false, 0.9, 3e-4, false, 5.0, 0.5, 0.999, 1e-3, 100);
            CachedTeachers cache = new CachedTeachers(1, 8, m);
            DartsStrategy darts = new DartsStrategy("sd-darts", net, noArch).distillWith(new SelfDistillation(cache,
                    null, new SoftVoting(), new KlDistillationLoss(T), T, new LambdaSchedule(LAMBDA, 0)));

            Batch first = Fixtures.batch(1, 0, 1, 2, 3, 4, 5);
            double[][] z0 = logits(net, first, m);
            StepResult r0 = step(darts, first, 0);
            assertThat(r0.trainLoss()).as("epoch 0: no teacher yet").isCloseTo(crossEntropy(z0, first.labels()), within(1e-5));

            Batch second = Fixtures.batch(2, 4, 6, 1);
            double[][] z = logits(net, second, m);
            double kl = kl(softmax(z0[4], T), softmax(z[0], T)) + kl(softmax(z0[1], T), softmax(z[2], T));
            double expected = crossEntropy(z, second.labels()) + LAMBDA * T * T * kl / 2;
            StepResult r1 = step(darts, second, 1);
            assertThat(r1.trainLoss()).isCloseTo(expected, within(1e-5));
            assertThat(kl).isGreaterThan(1e-4); // the term is really there
        }
    }

    @Test
    void warmUpRaisesTheWeightLinearly() {
        LambdaSchedule s = new LambdaSchedule(2, 4);
        assertThat(new double[] {s.at(0), s.at(1), s.at(2), s.at(4), s.at(9)}).containsExactly(0, 0.5, 1, 2, 2);
        assertThat(new LambdaSchedule(2, 0).at(0)).isEqualTo(2);
    }

    private static StepResult step(DartsStrategy darts, Batch b, int epoch) {
        try (NDScope scope = new NDScope()) {
            return darts.step(b, b, Fixtures.ctx(epoch, epoch));
        }
    }

    /** The supernet's training-mode logits (batch statistics), as the step's pass computes them. */
    private static double[][] logits(Supernet net, Batch b, NDManager m) {
        try (NDManager sm = m.newSubManager(); NoGrad ignored = NoGrad.open()) {
            float[] f = net.forward(b.x(sm), true).toFloatArray();
            double[][] out = new double[b.size()][Fixtures.CLASSES];
            for (int i = 0; i < f.length; i++) {
                out[i / Fixtures.CLASSES][i % Fixtures.CLASSES] = f[i];
            }
            return out;
        }
    }

    private static double[] softmax(double[] z, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / t);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] / t - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double kl(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i] * Math.log(p[i] / q[i]);
        }
        return s;
    }

    private static double crossEntropy(double[][] z, int[] labels) {
        double s = 0;
        for (int n = 0; n < z.length; n++) {
            s -= Math.log(softmax(z[n], 1)[labels[n]]);
        }
        return s / z.length;
    }
}
