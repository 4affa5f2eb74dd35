package org.distillnas.space.mbv3;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Autograd gradients of a stand-alone mbv3 network against central finite differences, in double
 * precision and training mode (batch statistics, so the loss is a smooth function of the weights).
 */
class GradientCheckTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    static double loss(SubnetNetwork net, NDArray x) {
        try (NoGrad ignored = NoGrad.open()) {
            return net.forward(x, true).square().sum().toType(DataType.FLOAT64, false).getDouble();
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        MbSpace space = (MbSpace) SampledSpaces.byName("mbv3-small");
        Subnet s = Subnet.parse(System.getProperty("gradcheck.subnet",
                "mbv3-small:r24:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256"));
        try (NDManager m = NDManager.newBaseManager()) {
            SubnetNetwork net = space.network(s, 1, 10, new ParamFactory(m, 3, DataType.FLOAT64,
                    ParamFactory.InitScheme.KAIMING_NORMAL));
            NDArray x = m.randomNormal(new Shape(4, 1, 24, 24)).toType(DataType.FLOAT64, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(x, true).square().sum());
            }
            double eps = 1e-6;
            int checked = 0;
            for (Map.Entry<String, Param> e : net.namedParams(Param::trainable).entrySet()) {
                NDArray w = e.getValue().value();
                double[] grad = e.getValue().gradientOrNull().toType(DataType.FLOAT64, false).toDoubleArray();
                for (int i : new int[] {0, (int) (w.size() / 2)}) {
                    double[] v = w.toDoubleArray();
                    double orig = v[i];
                    v[i] = orig + eps;
                    set(w, v);
                    double up = loss(net, x);
                    v[i] = orig - eps;
                    set(w, v);
                    double down = loss(net, x);
                    v[i] = orig;
                    set(w, v);
                    double numeric = (up - down) / (2 * eps);
                    double tolerance = 1e-4 * Math.max(1, Math.abs(numeric));
                    assertThat(grad[i]).as(e.getKey() + "[" + i + "] numeric " + numeric).isCloseTo(numeric,
                            org.assertj.core.data.Offset.offset(tolerance));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(40);
        }
    }

    private static void set(NDArray w, double[] v) {
        try (NoGrad ignored = NoGrad.open(); NDArray src = w.getManager().create(v, w.getShape())) {
            w.muli(0).addi(src);
        }
    }
}
