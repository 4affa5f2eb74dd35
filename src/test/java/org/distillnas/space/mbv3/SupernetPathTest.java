package org.distillnas.space.mbv3;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.Random;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A subnet's path through each kind of supernet: inherited networks and gradients. */
class SupernetPathTest {
    static final MbSpace SMALL = (MbSpace) SampledSpaces.byName("mbv3-small");

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        Engine.getInstance().setRandomSeed(20240611);
    }

    /**
     * Elastic: a stand-alone network with inherited weights computes what the supernet computes for
     * its subnet, in evaluation mode. BatchNorm statistics and affine parameters are randomised
     * first, so that slicing them wrongly would show.
     */
    @Test
    void inheritedNetworksMatchTheElasticSupernet() {
        Random rng = new Random(17);
        try (NDManager m = NDManager.newBaseManager()) {
            MbSupernet supernet = SMALL.supernet(WeightSharing.ELASTIC, 3, 10, new ParamFactory(m, 1));
            randomiseBatchNorm(supernet.namedParams());
            for (int i = 0; i < 20; i++) {
                Subnet s = SMALL.sample(rng);
                try (NDManager step = m.newSubManager(); NDScope scope = new NDScope(); NoGrad ignored = NoGrad.open()) {
                    SubnetNetwork net = SMALL.network(s, 3, 10, new ParamFactory(step, 2));
                    assertThat(supernet.copyInto(net)).isEqualTo(net.namedParams().size());
                    NDArray x = step.randomNormal(new Shape(4, 3, s.resolution(), s.resolution()));
                    NDArray expected = supernet.forward(x, s, false);
                    NDArray actual = net.forward(x, false);
                    assertThat(actual.getShape()).isEqualTo(new Shape(4, 10));
                    assertThat(actual.allClose(expected, 1e-5, 1e-5, false)).as(s.toString()).isTrue();
                }
            }
        }
    }

    /** Input of another size is resized to the subnet's resolution, the same way in both networks. */
    @Test
    void inputIsResizedToTheSubnetsResolution() {
        Subnet s = SMALL.smallest(); // resolution 24
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            MbSupernet supernet = SMALL.supernet(WeightSharing.ELASTIC, 1, 10, new ParamFactory(m, 1));
            SubnetNetwork net = SMALL.network(s, 1, 10, new ParamFactory(m, 2));
            SMALL.inherit(supernet, net);
            NDArray x = m.randomNormal(new Shape(2, 1, 28, 28));
            assertThat(net.forward(x, false).allClose(supernet.forward(x, s, false), 1e-5, 1e-5, false)).isTrue();
        }
    }

    /**
     * Choice: after one backward pass only the chosen block of every running layer has gradients
     * (plus the shared stem and head); other choices and skipped layers have none, or zeros.
     */
    @Test
    void onlyTheSampledPathReceivesGradients() {
        MbSpace cream = (MbSpace) SampledSpaces.byName("cream-mbv3");
        // a small copy of Cream's space: same layer choices and skips, 32-pixel input
        MbSpace space = new MbSpace(new SpaceSpec("cream-tiny", java.util.List.of(32), cream.spec().stem(),
                cream.spec().stages().subList(0, 3), null, null));
        Subnet s = space.sample(new Random(4));
        try (NDManager m = NDManager.newBaseManager()) {
            MbSupernet supernet = space.supernet(WeightSharing.CHOICE, 3, 10, new ParamFactory(m, 1));
            try (NDManager step = m.newSubManager(); NDScope scope = new NDScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = supernet.forward(step.randomNormal(new Shape(4, 3, 32, 32)), s, true);
                gc.backward(y.square().sum());
                int onPath = 0;
                int offPath = 0;
                for (Map.Entry<String, Param> e : supernet.weights().entrySet()) {
                    NDArray g = e.getValue().gradientOrNull();
                    double size = g == null ? 0 : g.abs().sum().getFloat();
                    if (onPath(e.getKey(), s)) {
                        assertThat(size).as(e.getKey()).isGreaterThan(0);
                        onPath++;
                    } else {
                        assertThat(size).as(e.getKey()).isZero();
                        offPath++;
                    }
                }
                assertThat(onPath).isGreaterThan(10);
                assertThat(offPath).isGreaterThan(5 * onPath);
            }
        }
    }

    /**
     * In both modes, every tensor a path uses ({@code paramsOf}) gets a nonzero gradient and no other
     * does, for subnets of smaller widths and kernels too, whose weights are slices of the shared
     * tensors (a detached slice would leave the shared tensor without gradient).
     */
    @Test
    void everyTensorOfAPathGetsAGradientThroughItsSlices() {
        Random rng = new Random(8);
        try (NDManager m = NDManager.newBaseManager()) {
            for (WeightSharing sharing : WeightSharing.values()) {
                MbSupernet supernet = SMALL.supernet(sharing, 1, 10, new ParamFactory(m, 1));
                for (Subnet s : java.util.List.of(SMALL.smallest(), SMALL.sample(rng), SMALL.sample(rng))) {
                    try (NDManager step = m.newSubManager(); NDScope scope = new NDScope();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(supernet.forward(step.randomNormal(new Shape(4, 1, 28, 28)), s, true).square().sum());
                    }
                    Map<String, Param> used = supernet.paramsOf(s);
                    supernet.weights().forEach((name, p) -> {
                        NDArray g = p.gradientOrNull();
                        double size = g == null ? 0 : g.abs().sum().getFloat();
                        if (used.containsKey(name)) {
                            assertThat(size).as(sharing + " " + s + " " + name).isGreaterThan(0);
                        } else {
                            assertThat(size).as(sharing + " " + s + " " + name).isZero();
                        }
                        p.zeroGradient();
                    });
                }
            }
        }
    }

    /** Layer tensors are named net.stages.S.P.kKeE...: on the path when (S, P) runs choice kKeE. */
    static boolean onPath(String name, Subnet s) {
        String[] parts = name.split("\\.");
        if (!parts[1].equals("stages")) {
            return true;
        }
        Subnet.Layer layer = s.stages().get(Integer.parseInt(parts[2])).layer(Integer.parseInt(parts[3]));
        return !layer.skip() && parts[4].equals(layer.toString());
    }

    static void randomiseBatchNorm(Map<String, Param> params) {
        try (NoGrad ignored = NoGrad.open()) {
            params.forEach((name, p) -> {
                NDArray v = p.value();
                NDManager m = v.getManager();
                if (name.endsWith("running_var") || name.endsWith("bn.weight")) {
                    v.muli(0).addi(m.randomUniform(0.5f, 1.5f, v.getShape()));
                } else if (name.endsWith("running_mean") || name.endsWith("bn.bias")) {
                    v.muli(0).addi(m.randomNormal(0f, 0.1f, v.getShape(), v.getDataType()));
                }
            });
        }
    }
}
