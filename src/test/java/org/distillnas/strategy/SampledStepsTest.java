package org.distillnas.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.distillnas.data.Batch;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.step.StepContext;
import org.distillnas.strategy.sandwich.SandwichLoss;
import org.distillnas.strategy.sandwich.SandwichStrategy;
import org.distillnas.strategy.spos.SposStrategy;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.train.Losses;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What one SPOS step and one sandwich step change in the supernet. */
public class SampledStepsTest {
    static final SampledSpace SMALL = SampledSpaces.byName("mbv3-small");

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        Engine.getInstance().setRandomSeed(5);
    }

    /** n random 28x28 one-channel images with random labels of 10 classes. */
    public static Batch batch(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        return new Batch(x, y, n, 1, 28, 28);
    }

    static Map<String, float[]> values(Map<String, Param> params) {
        Map<String, float[]> out = new HashMap<>();
        params.forEach((k, p) -> out.put(k, p.value().toFloatArray()));
        return out;
    }

    /**
     * Choice mode, with momentum and weight decay on: after two SPOS steps only the parameters of
     * the two sampled paths have moved; every block that neither path ran is bit-identical.
     */
    @Test
    void sposMovesOnlyTheSampledPaths() {
        try (NDManager m = NDManager.newBaseManager()) {
            SampledSupernet net = SMALL.supernet(WeightSharing.CHOICE, 1, 10, new ParamFactory(m, 1));
            SubnetSampler sampler = new SubnetSampler(SMALL, SamplingConfig.defaults(), 3, 1, 10);
            SposStrategy spos = new SposStrategy("spos", net, sampler, new SampledWeights(0.9, 0.1, true, 5, 0));
            Map<String, float[]> before = values(net.weights());
            for (int step = 0; step < 2; step++) {
                try (NDScope scope = new NDScope()) {
                    spos.step(batch(8, step), new StepContext(0, step, step, 0.05, 0));
                }
            }
            Map<String, Param> used = new HashMap<>(net.paramsOf(spos.path(0)));
            used.putAll(net.paramsOf(spos.path(1)));
            assertThat(used.size()).isLessThan(net.weights().size());
            net.weights().forEach((name, p) -> {
                boolean moved = !java.util.Arrays.equals(before.get(name), p.value().toFloatArray());
                assertThat(moved).as(name).isEqualTo(used.containsKey(name));
            });
        }
    }

    /**
     * A sandwich step with plain SGD (lr 0.1, no momentum, decay or clip) moves every weight by
     * -0.1 x the sum of the gradients that its subnets (largest, 2 random, smallest) give one by one.
     */
    @Test
    void sandwichAccumulatesTheGradientsOfItsSubnets() {
        try (NDManager m = NDManager.newBaseManager()) {
            SampledSupernet net = SMALL.supernet(WeightSharing.ELASTIC, 1, 10, new ParamFactory(m, 2));
            SubnetSampler sampler = new SubnetSampler(SMALL, SamplingConfig.defaults(), 3, 1, 10);
            SandwichStrategy sandwich = new SandwichStrategy("sandwich", net, sampler, new SampledWeights(0, 0, false, 0, 0),
                    2, SandwichLoss.labels(0));
            Batch b = batch(8, 9);
            List<Subnet> subnets = sandwich.subnets(4);
            assertThat(subnets).hasSize(4).startsWith(SMALL.largest()).endsWith(SMALL.smallest());
            Map<String, NDArray> sum = new HashMap<>();
            for (Subnet s : subnets) {
                try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(Losses.crossEntropy(net.forward(b.x(sm), s, true), b.y(sm)));
                }
                collectGradients(net, sum);
            }
            assertStepMovesBy(sandwich, net, b, sum, m);
        }
    }

    /**
     * An AlphaNet step (in-place distillation) moves every weight by -0.1 x the sum of: the largest
     * subnet's label-smoothed cross-entropy gradient, and each other subnet's gradient of the
     * adaptive alpha-divergence to the largest subnet's softmax, computed before the step. The
     * teacher gets no gradient from its students: its own term alone gives the largest's update.
     */
    @Test
    void alphanetDistilsEveryOtherSubnetFromTheLargest() {
        try (NDManager m = NDManager.newBaseManager()) {
            SampledSupernet net = SMALL.supernet(WeightSharing.ELASTIC, 1, 10, new ParamFactory(m, 2));
            SubnetSampler sampler = new SubnetSampler(SMALL, SamplingConfig.defaults(), 3, 1, 10);
            org.distillnas.distill.DistillationLoss kd = new org.distillnas.distill.AdaptiveAlphaDivergenceLoss(-1, 1, 5);
            SandwichStrategy alphanet = new SandwichStrategy("alphanet", net, sampler, new SampledWeights(0, 0, false, 0, 0),
                    2, new org.distillnas.strategy.alphanet.InplaceDistillation(0.1, kd));
            Batch b = batch(8, 9);
            List<Subnet> subnets = alphanet.subnets(4);
            Map<String, NDArray> sum = new HashMap<>();
            NDArray teacher;
            try (NDManager sm = m.newSubManager()) {
                teacher = net.forward(b.x(sm), subnets.get(0), true).stopGradient().softmax(1);
                teacher.attach(m);
            }
            for (int i = 0; i < subnets.size(); i++) {
                try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(b.x(sm), subnets.get(i), true);
                    gc.backward(i == 0 ? Losses.crossEntropy(logits, b.y(sm), 0.1) : kd.loss(logits, teacher));
                }
                collectGradients(net, sum);
            }
            assertStepMovesBy(alphanet, net, b, sum, m);
        }
    }

    /** Adds every weight's gradient to {@code sum} and zeroes it. */
    private static void collectGradients(SampledSupernet net, Map<String, NDArray> sum) {
        net.weights().forEach((name, p) -> {
            NDArray g = p.gradientOrNull();
            if (g != null) {
                sum.merge(name, g.duplicate(), NDArray::add);
            }
            p.zeroGradient();
        });
    }

    /** One step of plain SGD at lr 0.1 moves every weight by -0.1 x its summed gradient. */
    private static void assertStepMovesBy(SandwichStrategy strategy, SampledSupernet net, Batch b,
            Map<String, NDArray> sum, NDManager m) {
        Map<String, float[]> before = values(net.weights());
        strategy.step(b, new StepContext(0, 4, 4, 0.1, 0));
        net.weights().forEach((name, p) -> {
            float[] expected = m.create(before.get(name), p.value().getShape()).sub(sum.get(name).mul(0.1f)).toFloatArray();
            assertThat(p.value().toFloatArray()).as(name).containsExactly(expected,
                    org.assertj.core.data.Offset.offset(2e-5f));
        });
    }
}
