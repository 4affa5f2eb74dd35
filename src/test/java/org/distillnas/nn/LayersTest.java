package org.distillnas.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers' arithmetic against values worked out by hand. */
class LayersTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /**
     * One channel holding 1, 2, 3, 6 (batch 2, 1 x 2 pixels): batch mean 3, biased variance
     * (4+1+0+9)/4 = 3.5, unbiased 14/3. Training output (x - 3)/sqrt(3.5 + eps); running mean
     * 0.9*0 + 0.1*3 = 0.3; running var 0.9*1 + 0.1*14/3 = 1.3666... (PyTorch's update, unbiased).
     * Evaluation then uses those: (x - 0.3)/sqrt(1.36667 + eps) * gamma + beta.
     */
    @Test
    void batchNormHasPyTorchSemantics() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            BatchNorm2d bn = new BatchNorm2d(new ParamFactory(m, 0), 1, true);
            assertThat(bn.countParameters()).isEqualTo(2);
            NDArray x = m.create(new float[] {1, 2, 3, 6}, new Shape(2, 1, 1, 2));
            float[] y = bn.forward(x, true).toFloatArray();
            double sd = Math.sqrt(3.5 + BatchNorm2d.EPS);
            assertThat(y).containsExactly(new float[] {(float) (-2 / sd), (float) (-1 / sd), 0f, (float) (3 / sd)},
                    within(1e-6f));
            assertThat(bn.namedParams().get("running_mean").value().toFloatArray()).containsExactly(new float[] {0.3f},
                    within(1e-6f));
            double rv = 0.9 + 0.1 * 14.0 / 3;
            assertThat(bn.namedParams().get("running_var").value().toFloatArray())
                    .containsExactly(new float[] {(float) rv}, within(1e-6f));

            bn.namedParams().get("weight").value().muli(2f);
            bn.namedParams().get("bias").value().addi(1f);
            float[] e = bn.forward(x, false).toFloatArray();
            double esd = Math.sqrt(rv + BatchNorm2d.EPS);
            float[] expected = new float[4];
            float[] in = {1, 2, 3, 6};
            for (int i = 0; i < 4; i++) {
                expected[i] = (float) ((in[i] - 0.3) / esd * 2 + 1);
            }
            assertThat(e).containsExactly(expected, within(1e-5f));
            // evaluation leaves the running statistics alone
            assertThat(bn.namedParams().get("running_mean").value().toFloatArray()).containsExactly(new float[] {0.3f},
                    within(1e-6f));

            bn.resetRunningStats();
            assertThat(bn.namedParams().get("running_mean").value().toFloatArray()).containsExactly(0f);
            assertThat(bn.namedParams().get("running_var").value().toFloatArray()).containsExactly(1f);
        }
    }

    @Test
    void nonAffineBatchNormHasOnlyBuffers() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d bn = new BatchNorm2d(new ParamFactory(m, 0), 3, false);
            assertThat(bn.namedParams().keySet()).containsExactly("running_mean", "running_var");
            assertThat(bn.countParameters()).isZero();
        }
    }

    /**
     * A 2x2 convolution with weights 1, 2, 3, 4 over the 3x3 image 1..9 (stride 1, no padding):
     * out(0,0) = 1*1+2*2+3*4+4*5 = 37, out(0,1) = 2+6+15+24 = 47, out(1,0) = 67, out(1,1) = 77.
     * MACs: Cout*Ho*Wo*Cin*k*k = 1*4*1*4 = 16. A Linear 4 -> 3 counts 12 MACs.
     */
    @Test
    void convolutionAndLinearComputeAndCount() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            ParamFactory f = new ParamFactory(m, 0);
            Conv2d conv = new Conv2d(f, 1, 1, 2, 1, 0);
            NDArray w = conv.weight().value();
            w.subi(w).addi(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2)));
            Linear lin = new Linear(f, 4, 3);
            assertThat(lin.countParameters()).isEqualTo(15);
            try (CostMeter meter = CostMeter.open()) {
                NDArray y = conv.forward(m.arange(1f, 10f).reshape(1, 1, 3, 3));
                assertThat(y.toFloatArray()).containsExactly(37f, 47f, 67f, 77f);
                assertThat(meter.macs()).isEqualTo(16);
                NDArray z = lin.forward(y.reshape(1, 4));
                assertThat(z.getShape()).isEqualTo(new Shape(1, 3));
                assertThat(meter.macs()).isEqualTo(16 + 12);
            }
        }
    }

    /** Same seed, same values; the default init stays within +-1/sqrt(fan_in). */
    @Test
    void paramFactoryIsSeededAndBounded() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = new ParamFactory(m, 5).weight(new Shape(8, 4, 3, 3)).value().toFloatArray();
            float[] b = new ParamFactory(m, 5).weight(new Shape(8, 4, 3, 3)).value().toFloatArray();
            float[] c = new ParamFactory(m, 6).weight(new Shape(8, 4, 3, 3)).value().toFloatArray();
            assertThat(a).containsExactly(b);
            assertThat(a).isNotEqualTo(c);
            float bound = (float) (1 / Math.sqrt(36));
            for (float v : a) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
            }
        }
    }
}
