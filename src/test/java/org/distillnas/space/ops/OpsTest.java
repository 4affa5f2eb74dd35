package org.distillnas.space.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.distillnas.nn.CostMeter;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.Primitives;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shapes, parameter counts and multiply-accumulate counts of every candidate op, against hand
 * computations. Notation: C channels, k kernel, Ho x Wo the op's output size.
 */
class OpsTest {
    /** Every op of the DARTS and NAS-Bench-201 spaces, each once. */
    static final List<String> ALL_OPS;

    static {
        Set<String> s = new LinkedHashSet<>(Primitives.DARTS);
        s.addAll(Primitives.NB201);
        ALL_OPS = List.copyOf(s);
    }

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        // fixed engine random stream: the random test inputs are the same on every run
        ai.djl.engine.Engine.getInstance().setRandomSeed(20240501);
    }

    static Stream<Arguments> opsAndStrides() {
        return ALL_OPS.stream().flatMap(op -> Stream.of(Arguments.of(op, 1), Arguments.of(op, 2)));
    }

    static Stream<Arguments> opsAndAffine() {
        return ALL_OPS.stream().flatMap(op -> Stream.of(Arguments.of(op, true), Arguments.of(op, false)));
    }

    @Test
    void registryKnowsEveryPrimitiveAndRejectsUnknownNames() {
        assertThat(ALL_OPS).hasSize(10);
        assertThat(ALL_OPS).allMatch(OpRegistry::contains);
        try (NDManager m = NDManager.newBaseManager()) {
            ParamFactory f = new ParamFactory(m, 0);
            assertThatThrownBy(() -> OpRegistry.create("conv_7x7", f, 4, 1, new OpRegistry.OpOptions(true, false)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("unknown op 'conv_7x7': expected one of none, skip_connect,");
        }
    }

    /** Stride 1 keeps C x H x W; stride 2 keeps C and gives ceil(H/2) x ceil(W/2); for every option. */
    @ParameterizedTest(name = "{0} stride {1}")
    @MethodSource("opsAndStrides")
    void outputShape(String name, int stride) {
        int c = 6;
        for (int size : new int[] {8, 7}) {
            for (boolean affine : new boolean[] {true, false}) {
                for (boolean poolBn : new boolean[] {true, false}) {
                    for (boolean training : new boolean[] {true, false}) {
                        try (NDManager m = NDManager.newBaseManager()) {
                            Op op = OpRegistry.create(name, new ParamFactory(m, 1), c, stride,
                                    new OpRegistry.OpOptions(affine, poolBn));
                            NDArray x = m.randomNormal(new Shape(2, c, size, size));
                            NDArray y = op.forward(x, training);
                            long out = (size + stride - 1) / stride;
                            String what = name + " stride " + stride + " on " + size + "x" + size + " affine=" + affine
                                    + " poolBn=" + poolBn + " training=" + training;
                            assertThat(y.getShape()).as(what).isEqualTo(new Shape(2, c, out, out));
                            assertThat(y.getDataType()).as(what).isEqualTo(x.getDataType());
                            long nonFinite = 0;
                            for (float f : y.toFloatArray()) {
                                nonFinite += Float.isFinite(f) ? 0 : 1;
                            }
                            assertThat(nonFinite).as(what).isZero();
                            assertThat(op.isZero()).as(what).isEqualTo(name.equals(Primitives.NONE));
                        }
                    }
                }
            }
        }
    }

    @Test
    void noneGivesExactZeros() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int stride : new int[] {1, 2}) {
                Op op = OpRegistry.create(Primitives.NONE, new ParamFactory(m, 0), 4, stride,
                        new OpRegistry.OpOptions(true, true));
                assertThat(op).isInstanceOf(Zero.class);
                assertThat(op.isZero()).isTrue();
                assertThat(op.namedParams()).isEmpty();
                NDArray x = m.randomNormal(new Shape(1, 4, 7, 7)).add(3f);
                NDArray y = op.forward(x, true);
                assertThat(y.getShape()).isEqualTo(stride == 1 ? new Shape(1, 4, 7, 7) : new Shape(1, 4, 4, 4));
                for (float f : y.toFloatArray()) {
                    assertThat(f).isEqualTo(0f);
                }
            }
        }
    }

    @Test
    void skipIsIdentityAtStride1AndFactorizedReduceAtStride2() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParamFactory f = new ParamFactory(m, 0);
            OpRegistry.OpOptions o = new OpRegistry.OpOptions(true, false);
            Op id = OpRegistry.create(Primitives.SKIP, f, 4, 1, o);
            assertThat(id).isInstanceOf(Identity.class);
            NDArray x = m.randomNormal(new Shape(2, 4, 5, 5));
            float[] before = x.toFloatArray();
            assertThat(id.forward(x, true).toFloatArray()).containsExactly(before);
            assertThat(id.forward(x, false).toFloatArray()).containsExactly(before);
            assertThat(id.isZero()).isFalse();

            Op reduce = OpRegistry.create(Primitives.SKIP, f, 4, 2, o);
            assertThat(reduce).isInstanceOf(FactorizedReduce.class);
            assertThat(reduce.namedParams().keySet()).containsExactly("conv1.weight", "conv2.weight", "bn.weight",
                    "bn.bias", "bn.running_mean", "bn.running_var");
            assertThat(reduce.namedParams().get("conv1.weight").value().getShape()).isEqualTo(new Shape(2, 4, 1, 1));
        }
    }

    /**
     * Average pooling must ignore the padding (count_include_pad=False): on a constant image every
     * output, corners included, is that constant (with the padding counted a corner would be 4/9
     * of it). Max pooling of a constant is the constant too.
     */
    @Test
    void poolsOfAConstantImageAreThatConstant() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (String name : List.of(Primitives.AVG_POOL_3X3, Primitives.MAX_POOL_3X3)) {
                for (int stride : new int[] {1, 2}) {
                    Op op = OpRegistry.create(name, new ParamFactory(m, 0), 3, stride,
                            new OpRegistry.OpOptions(true, false));
                    NDArray y = op.forward(m.full(new Shape(1, 3, 7, 7), 2.5f), true);
                    for (float v : y.toFloatArray()) {
                        assertThat(v).as(name + " stride " + stride).isCloseTo(2.5f, within(1e-6f));
                    }
                }
            }
        }
    }

    /**
     * avg_pool_3x3 on the 3 x 3 image 1..9 (row-major), padding 1: each output is the mean of the
     * real pixels of its window. Stride 1: corner (1+2+4+5)/4 = 3, top edge (1+2+3+4+5+6)/6 = 3.5,
     * centre 45/9 = 5, ... Stride 2: windows centred on the corners: 3, 4, 6, 7.
     */
    @Test
    void avgPoolDividesByTheRealPixelsOfEachWindow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(1f, 10f).reshape(1, 1, 3, 3);
            Op s1 = OpRegistry.create(Primitives.AVG_POOL_3X3, new ParamFactory(m, 0), 1, 1,
                    new OpRegistry.OpOptions(true, false));
            assertThat(s1.forward(x, false).toFloatArray())
                    .containsExactly(new float[] {3f, 3.5f, 4f, 4.5f, 5f, 5.5f, 6f, 6.5f, 7f}, within(1e-6f));
            Op s2 = OpRegistry.create(Primitives.AVG_POOL_3X3, new ParamFactory(m, 0), 1, 2,
                    new OpRegistry.OpOptions(true, false));
            assertThat(s2.forward(x, false).toFloatArray())
                    .containsExactly(new float[] {3f, 4f, 6f, 7f}, within(1e-6f));
            // max pooling pads with -infinity: a negative image keeps its own maxima at the border
            Op max = OpRegistry.create(Primitives.MAX_POOL_3X3, new ParamFactory(m, 0), 1, 2,
                    new OpRegistry.OpOptions(true, false));
            assertThat(max.forward(x.neg(), false).toFloatArray()).containsExactly(-1f, -2f, -4f, -5f);
        }
    }

    /** The DARTS search cell's pool has a non-affine BatchNorm behind it: only buffers, no parameters. */
    @Test
    void poolBnAddsBuffersOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Op withBn = OpRegistry.create(Primitives.MAX_POOL_3X3, new ParamFactory(m, 0), 4, 1,
                    new OpRegistry.OpOptions(true, true));
            assertThat(withBn.namedParams().keySet()).containsExactly("bn.running_mean", "bn.running_var");
            assertThat(withBn.namedParams().values()).allMatch(p -> p.kind() == Param.Kind.BUFFER);
            Op without = OpRegistry.create(Primitives.MAX_POOL_3X3, new ParamFactory(m, 0), 4, 1,
                    new OpRegistry.OpOptions(true, false));
            assertThat(without.namedParams()).isEmpty();
            // with BN in training mode each channel is normalised to mean 0
            NDArray y = withBn.forward(m.randomNormal(new Shape(4, 4, 6, 6)).mul(3).add(5), true);
            float[] v = y.toFloatArray();
            for (int ch = 0; ch < 4; ch++) {
                double sum = 0;
                for (int n = 0; n < 4; n++) {
                    for (int i = 0; i < 36; i++) {
                        sum += v[(n * 4 + ch) * 36 + i];
                    }
                }
                assertThat(sum / (4 * 36)).as("channel " + ch).isCloseTo(0.0, within(1e-5));
            }
        }
    }

    /**
     * Parameters of an op on C channels (weights plus BatchNorm gamma and beta when affine):
     * nor_conv_1x1 = C^2 + 2C; nor_conv_3x3 = 9C^2 + 2C; sep_conv_kxk = 2 (k^2 C + C^2 + 2C) (two
     * depthwise-pointwise-BN blocks); dil_conv_kxk = k^2 C + C^2 + 2C; skip at stride 2
     * (FactorizedReduce) = 2 (C * C/2) + 2C; none, skip at stride 1 and pools = 0. Without
     * affine BatchNorm the 2C terms vanish.
     */
    static long expectedParams(String name, int c, int stride, boolean affine) {
        long bn = affine ? 2L * c : 0;
        return switch (name) {
            case Primitives.NONE, Primitives.AVG_POOL_3X3, Primitives.MAX_POOL_3X3 -> 0;
            case Primitives.SKIP -> stride == 1 ? 0 : 2L * c * (c / 2) + bn;
            case Primitives.NOR_CONV_1X1 -> (long) c * c + bn;
            case Primitives.NOR_CONV_3X3 -> 9L * c * c + bn;
            case Primitives.SEP_CONV_3X3 -> 2 * (9L * c + (long) c * c + bn);
            case Primitives.SEP_CONV_5X5 -> 2 * (25L * c + (long) c * c + bn);
            case Primitives.DIL_CONV_3X3 -> 9L * c + (long) c * c + bn;
            case Primitives.DIL_CONV_5X5 -> 25L * c + (long) c * c + bn;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} affine={1}")
    @MethodSource("opsAndAffine")
    void parameterCount(String name, boolean affine) {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int c : new int[] {4, 6}) {
                for (int stride : new int[] {1, 2}) {
                    Op op = OpRegistry.create(name, new ParamFactory(m, 0), c, stride,
                            new OpRegistry.OpOptions(affine, true));
                    assertThat(op.countParameters()).as(name + " C=" + c + " stride " + stride)
                            .isEqualTo(expectedParams(name, c, stride, affine));
                }
            }
        }
    }

    @Test
    void parameterCountsWrittenOut() {
        // C = 4, affine: sep3 = 2(36+16+8) = 120; sep5 = 2(100+16+8) = 248; dil3 = 36+16+8 = 60;
        // dil5 = 100+16+8 = 124; nor3 = 144+8 = 152; nor1 = 16+8 = 24; FactorizedReduce = 2*8+8 = 24.
        // Non-affine: 104, 232, 52, 116, 144, 16, 16.
        try (NDManager m = NDManager.newBaseManager()) {
            ParamFactory f = new ParamFactory(m, 0);
            OpRegistry.OpOptions a = new OpRegistry.OpOptions(true, false);
            OpRegistry.OpOptions n = new OpRegistry.OpOptions(false, true);
            String[] names = {Primitives.SEP_CONV_3X3, Primitives.SEP_CONV_5X5, Primitives.DIL_CONV_3X3,
                Primitives.DIL_CONV_5X5, Primitives.NOR_CONV_3X3, Primitives.NOR_CONV_1X1, Primitives.SKIP};
            long[] affine = {120, 248, 60, 124, 152, 24, 24};
            long[] plain = {104, 232, 52, 116, 144, 16, 16};
            for (int i = 0; i < names.length; i++) {
                assertThat(OpRegistry.create(names[i], f, 4, 2, a).countParameters()).as(names[i]).isEqualTo(affine[i]);
                assertThat(OpRegistry.create(names[i], f, 4, 2, n).countParameters()).as(names[i]).isEqualTo(plain[i]);
            }
        }
    }

    /**
     * MACs of one op on one C x H x W image: conv k x k = k^2 C^2 Ho Wo; sep_conv = 2 (k^2 C + C^2)
     * Ho Wo (the first block carries the stride, so both blocks run at Ho x Wo); dil_conv =
     * (k^2 C + C^2) Ho Wo; FactorizedReduce = (C/2) C Ho Wo for the first 1x1 conv plus (C/2) C
     * times the second conv's output, which sees the input shifted by one pixel: floor((H-2)/2)+1
     * rows (H/2 for even H, one less for odd H, the padding row being added after the conv).
     * Pools, none and identity do no MACs.
     */
    static long expectedMacs(String name, int c, int stride, int h, int w) {
        long ho = (h + stride - 1) / stride;
        long wo = (w + stride - 1) / stride;
        long out = ho * wo;
        long cc = (long) c * c;
        return switch (name) {
            case Primitives.NONE, Primitives.AVG_POOL_3X3, Primitives.MAX_POOL_3X3 -> 0;
            case Primitives.SKIP -> stride == 1 ? 0
                    : (long) (c / 2) * c * out + (long) (c / 2) * c * ((h - 2) / 2 + 1) * ((w - 2) / 2 + 1);
            case Primitives.NOR_CONV_1X1 -> cc * out;
            case Primitives.NOR_CONV_3X3 -> 9 * cc * out;
            case Primitives.SEP_CONV_3X3 -> 2 * (9L * c + cc) * out;
            case Primitives.SEP_CONV_5X5 -> 2 * (25L * c + cc) * out;
            case Primitives.DIL_CONV_3X3 -> (9L * c + cc) * out;
            case Primitives.DIL_CONV_5X5 -> (25L * c + cc) * out;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static long measureMacs(Op op, NDArray x) {
        try (NoGrad ignored = NoGrad.open(); CostMeter meter = CostMeter.open()) {
            op.forward(x, false);
            return meter.macs();
        }
    }

    @ParameterizedTest(name = "{0} stride {1}")
    @MethodSource("opsAndStrides")
    void macs(String name, int stride) {
        int c = 4;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int size : new int[] {8, 7}) {
                Op op = OpRegistry.create(name, new ParamFactory(m, 0), c, stride, new OpRegistry.OpOptions(true, true));
                long one = measureMacs(op, m.randomNormal(new Shape(1, c, size, size)));
                assertThat(one).as(name + " stride " + stride + " on " + size + "x" + size)
                        .isEqualTo(expectedMacs(name, c, stride, size, size));
                // the count is per image, whatever the batch size
                assertThat(measureMacs(op, m.randomNormal(new Shape(3, c, size, size)))).isEqualTo(one);
            }
        }
    }

    @Test
    void macsWrittenOut() {
        // C = 4 on 8 x 8: nor_conv_3x3 stride 1 = 9*4*4*64 = 9216;
        // sep_conv_3x3 stride 1 = 2*(9*4*64 + 4*4*64) = 2*(2304 + 1024) = 6656;
        // sep_conv_3x3 stride 2 = 2*(9*4*16 + 4*4*16) = 1664;
        // dil_conv_5x5 stride 2 = (25*4 + 16)*16 = 1856;
        // skip stride 2 on 7 x 7 = 2*4*16 + 2*4*9 = 128 + 72 = 200.
        try (NDManager m = NDManager.newBaseManager()) {
            ParamFactory f = new ParamFactory(m, 0);
            OpRegistry.OpOptions o = new OpRegistry.OpOptions(true, false);
            NDArray x8 = m.randomNormal(new Shape(1, 4, 8, 8));
            NDArray x7 = m.randomNormal(new Shape(1, 4, 7, 7));
            assertThat(measureMacs(OpRegistry.create(Primitives.NOR_CONV_3X3, f, 4, 1, o), x8)).isEqualTo(9216);
            assertThat(measureMacs(OpRegistry.create(Primitives.SEP_CONV_3X3, f, 4, 1, o), x8)).isEqualTo(6656);
            assertThat(measureMacs(OpRegistry.create(Primitives.SEP_CONV_3X3, f, 4, 2, o), x8)).isEqualTo(1664);
            assertThat(measureMacs(OpRegistry.create(Primitives.DIL_CONV_5X5, f, 4, 2, o), x8)).isEqualTo(1856);
            assertThat(measureMacs(OpRegistry.create(Primitives.SKIP, f, 4, 2, o), x7)).isEqualTo(200);
        }
    }

    @Test
    void nothingIsCountedOutsideAMeter() {
        try (NDManager m = NDManager.newBaseManager()) {
            Op op = OpRegistry.create(Primitives.NOR_CONV_1X1, new ParamFactory(m, 0), 4, 1,
                    new OpRegistry.OpOptions(true, false));
            NDArray x = m.randomNormal(new Shape(1, 4, 2, 2));
            op.forward(x, false); // no meter open: nothing to count, nothing fails
            CostMeter meter = CostMeter.open();
            assertThat(meter.macs()).isZero();
            op.forward(x, false);
            meter.close();
            op.forward(x, false); // after close: not counted any more
            assertThat(meter.macs()).isEqualTo(4 * 4 * 4);
        }
    }
}
