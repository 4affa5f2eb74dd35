package org.distillnas.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.nn.Fn;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.Primitives;
import org.distillnas.space.ops.OpInput;
import org.distillnas.space.ops.OpRegistry;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PC-DARTS's partial channel edge: shapes, the bypass, the channel shuffle and the edge weight. */
class PartialChannelMixedOpTest {
    /** DARTS search ops: pools followed by a non-affine BatchNorm. */
    static final OpRegistry.OpOptions DARTS_OPS = new OpRegistry.OpOptions(false, true);

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        ai.djl.engine.Engine.getInstance().setRandomSeed(11);
    }

    static NDArray[] uniform(NDManager m, int n) {
        NDArray[] w = new NDArray[n];
        for (int i = 0; i < n; i++) {
            w[i] = m.create(new float[] {1f / n});
        }
        return w;
    }

    @Test
    void keepsTheShapeAtStrideOneAndHalvesItAtStrideTwo() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            ParamFactory f = new ParamFactory(m, 0);
            MixedEdge normal = MixedEdge.create(f, Primitives.DARTS, 16, 1, DARTS_OPS, 4);
            MixedEdge reduce = MixedEdge.create(f, Primitives.DARTS, 16, 2, DARTS_OPS, 4);
            assertThat(normal).isInstanceOf(PartialChannelMixedOp.class);
            NDArray[] w = uniform(m, Primitives.DARTS.size());
            for (boolean training : new boolean[] {true, false}) {
                NDArray x = m.randomNormal(new Shape(2, 16, 8, 8));
                assertThat(normal.forward(new OpInput(x), w, null, training).getShape()).isEqualTo(new Shape(2, 16, 8, 8));
                assertThat(reduce.forward(new OpInput(x), w, null, training).getShape()).isEqualTo(new Shape(2, 16, 4, 4));
                // an odd size halves like the padded stride-2 ops do: 7 -> 4
                NDArray odd = m.randomNormal(new Shape(2, 16, 7, 7));
                assertThat(reduce.forward(new OpInput(odd), w, null, training).getShape()).isEqualTo(new Shape(2, 16, 4, 4));
            }
        }
    }

    @Test
    void opsAreBuiltOnAQuarterOfTheChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            MixedEdge edge = MixedEdge.create(new ParamFactory(m, 0), Primitives.NB201, 16, 1, DARTS_OPS, 4);
            assertThat(edge.namedParams().get("partial.nor_conv_3x3.conv.weight").value().getShape())
                    .isEqualTo(new Shape(4, 4, 3, 3));
            assertThat(MixedEdge.create(new ParamFactory(m, 0), Primitives.NB201, 16, 1, DARTS_OPS, 1))
                    .isInstanceOf(MixedOp.class);
        }
    }

    @Test
    void channelsNotDivisibleByKAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> MixedEdge.create(new ParamFactory(m, 0), Primitives.NB201, 6, 1, DARTS_OPS, 4))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("--partial-channels 4")
                    .hasMessageContaining("6 channels")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    /**
     * x.view(1, 4, 2, 1, 1).transpose(1, 2): group g holds channels 2g and 2g + 1, and the output
     * takes the first channel of every group, then the second: 0, 2, 4, 6, 1, 3, 5, 7.
     */
    @Test
    void channelShuffleInterleavesTheGroups() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(8f).reshape(1, 8, 1, 1);
            assertThat(Fn.channelShuffle(x, 4).toFloatArray()).containsExactly(0, 2, 4, 6, 1, 3, 5, 7);
            // two groups of four: 0, 4, 1, 5, 2, 6, 3, 7
            assertThat(Fn.channelShuffle(x, 2).toFloatArray()).containsExactly(0, 4, 1, 5, 2, 6, 3, 7);
            assertThat(Fn.channelShuffle(x, 4).getShape()).isEqualTo(new Shape(1, 8, 1, 1));
        }
    }

    /**
     * With every op weighted 0 the mixed quarter is zero and the rest is the input itself:
     * concat gives (0, 0, x2, ..., x7) and the shuffle puts it in the order of channels
     * 0, 2, 4, 6, 1, 3, 5, 7, i.e. (0, x2, x4, x6, 0, x3, x5, x7).
     */
    @Test
    void theOtherChannelsBypassTheOpsAndAreShuffledIn() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            MixedEdge edge = MixedEdge.create(new ParamFactory(m, 0), Primitives.NB201, 8, 1, DARTS_OPS, 4);
            NDArray x = m.arange(8f).add(1).reshape(1, 8, 1, 1);
            NDArray[] zero = new NDArray[Primitives.NB201.size()];
            for (int i = 0; i < zero.length; i++) {
                zero[i] = m.create(new float[] {0f});
            }
            assertThat(edge.forward(new OpInput(x), zero, null, false).toFloatArray())
                    .containsExactly(0, 3, 5, 7, 0, 4, 6, 8);
        }
    }

    @Test
    void aStrideTwoBypassIsMaxPooled() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            MixedEdge edge = MixedEdge.create(new ParamFactory(m, 0), Primitives.NB201, 8, 2, DARTS_OPS, 4);
            NDArray x = m.arange(8f * 4).reshape(1, 8, 2, 2); // channel c holds 4c .. 4c + 3
            NDArray[] zero = new NDArray[Primitives.NB201.size()];
            for (int i = 0; i < zero.length; i++) {
                zero[i] = m.create(new float[] {0f});
            }
            // bypass channels 2..7 pool to their maxima 4c + 3; shuffled as above
            assertThat(edge.forward(new OpInput(x), zero, null, false).toFloatArray())
                    .containsExactly(0, 11, 19, 27, 0, 15, 23, 31);
        }
    }

    /** The edge weight scales the whole output, bypassed channels included. */
    @Test
    void anEdgeWeightScalesTheWholeOutput() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            MixedEdge edge = MixedEdge.create(new ParamFactory(m, 0), Primitives.NB201, 8, 1, DARTS_OPS, 4);
            NDArray x = m.randomNormal(new Shape(2, 8, 5, 5));
            NDArray[] w = uniform(m, Primitives.NB201.size());
            float[] plain = edge.forward(new OpInput(x), w, null, false).toFloatArray();
            float[] scaled = edge.forward(new OpInput(x), w, m.create(new float[] {0.25f}), false).toFloatArray();
            for (int i = 0; i < plain.length; i++) {
                assertThat((double) scaled[i]).isCloseTo(0.25 * plain[i], within(1e-5));
            }
        }
    }
}
