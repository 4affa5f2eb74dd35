package org.distillnas.space.darts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.distillnas.eval.ArchitectureCost;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parameters and MACs of DARTS networks against hand computations.
 *
 * <p>Layout (as in the DARTS code): stem 3x3 conv in -> 3C + BN; L cells, cell i a reduction when
 * i = L/3 or 2L/3 (channels c doubled there); each cell has preprocess0 = FactorizedReduce(c_pp, c)
 * after a reduction cell, else ReLUConvBN 1x1 (c_pp -> c), and preprocess1 = ReLUConvBN 1x1 (c_p ->
 * c); then its 8 ops at c channels (stride 2 on the edges from the inputs 0 and 1 of a reduction
 * cell); its output has 4c channels; global pooling and Linear(4c -> K).
 *
 * <p>Parameters: ReLUConvBN 1x1 a -> b = ab + 2b; FactorizedReduce a -> b = 2 a (b/2) + 2b; ops as
 * in OpsTest (sep k: 2(k^2 c + c^2 + 2c), dil k: k^2 c + c^2 + 2c, skip stride 2: c^2 + 2c, pools
 * and skip stride 1: 0). MACs: ReLUConvBN 1x1 a -> b on h x w: ab hw; FactorizedReduce: ab times
 * its output hw (even input); op MACs at the op's output size.
 */
class DartsNetworkTest {
    /** A genotype using every op of the space, some of them at stride 2 in the reduction cell. */
    static final DartsGenotype SMALL = new DartsGenotype("darts",
            List.of(new Edge("sep_conv_3x3", 0), new Edge("sep_conv_5x5", 1),
                    new Edge("dil_conv_3x3", 0), new Edge("skip_connect", 2),
                    new Edge("dil_conv_5x5", 3), new Edge("max_pool_3x3", 1),
                    new Edge("avg_pool_3x3", 0), new Edge("sep_conv_3x3", 4)),
            List.of(2, 3, 4, 5),
            List.of(new Edge("max_pool_3x3", 0), new Edge("skip_connect", 1),
                    new Edge("sep_conv_3x3", 2), new Edge("dil_conv_3x3", 0),
                    new Edge("skip_connect", 0), new Edge("sep_conv_5x5", 3),
                    new Edge("avg_pool_3x3", 1), new Edge("dil_conv_5x5", 4)),
            List.of(2, 3, 4, 5));

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        // fixed engine random stream: the random test inputs are the same on every run
        ai.djl.engine.Engine.getInstance().setRandomSeed(20240501);
    }

    @Test
    void reductionCellsSitAtOneAndTwoThirds() {
        assertThat(reductions(3)).containsExactly(1, 2);
        assertThat(reductions(8)).containsExactly(2, 5);
        assertThat(reductions(20)).containsExactly(6, 13);
        assertThat(reductions(1)).containsExactly(0);
    }

    private static List<Integer> reductions(int layers) {
        return java.util.stream.IntStream.range(0, layers).filter(i -> DartsBody.isReduction(i, layers)).boxed().toList();
    }

    static long opParams(String op, long c, int stride) {
        return switch (op) {
            case "skip_connect" -> stride == 1 ? 0 : c * c + 2 * c;
            case "sep_conv_3x3" -> 2 * (9 * c + c * c + 2 * c);
            case "sep_conv_5x5" -> 2 * (25 * c + c * c + 2 * c);
            case "dil_conv_3x3" -> 9 * c + c * c + 2 * c;
            case "dil_conv_5x5" -> 25 * c + c * c + 2 * c;
            default -> 0;
        };
    }

    static long opMacs(String op, long c, int stride, long hwOut) {
        return switch (op) {
            case "skip_connect" -> stride == 1 ? 0 : c * c * hwOut;
            case "sep_conv_3x3" -> 2 * (9 * c + c * c) * hwOut;
            case "sep_conv_5x5" -> 2 * (25 * c + c * c) * hwOut;
            case "dil_conv_3x3" -> (9 * c + c * c) * hwOut;
            case "dil_conv_5x5" -> (25 * c + c * c) * hwOut;
            default -> 0;
        };
    }

    /** {parameters, MACs} of the network of {@code g}, by the layout in the class comment. */
    static long[] expected(DartsGenotype g, MacroConfig cfg, int size) {
        long stem = 3L * cfg.channels();
        long params = 9 * cfg.inChannels() * stem + 2 * stem;
        long macs = 9 * cfg.inChannels() * stem * size * size;
        long cpp = stem;
        long cp = stem;
        long c = cfg.channels();
        long h = size; // resolution of the cell's second input (and of its first after a FactorizedReduce)
        boolean reductionPrev = false;
        for (int i = 0; i < cfg.cells(); i++) {
            boolean reduction = DartsBody.isReduction(i, cfg.cells());
            if (reduction) {
                c *= 2;
            }
            params += (reductionPrev ? 2 * cpp * (c / 2) : cpp * c) + 2 * c; // preprocess0
            params += cp * c + 2 * c; // preprocess1
            macs += cpp * c * h * h + cp * c * h * h;
            long out = reduction ? h / 2 : h;
            List<Edge> genes = reduction ? g.reduce() : g.normal();
            for (Edge e : genes) {
                int stride = reduction && e.input() < 2 ? 2 : 1;
                params += opParams(e.op(), c, stride);
                macs += opMacs(e.op(), c, stride, out * out);
            }
            reductionPrev = reduction;
            cpp = cp;
            cp = 4 * c;
            h = out;
        }
        params += cp * cfg.numClasses() + cfg.numClasses();
        macs += cp * cfg.numClasses();
        return new long[] {params, macs};
    }

    /**
     * C = 4, 3 cells (cells 1 and 2 reduce), 3 image channels, 10 classes.
     * Stem: 9*3*12 + 24 = 348.
     * Cell 0 (normal, c = 4, inputs 12 and 12): preprocess 2 * (48 + 8) = 112; ops sep3 120 + sep5
     * 248 + dil3 60 + skip 0 + dil5 124 + max 0 + avg 0 + sep3 120 = 672. Total 784.
     * Cell 1 (reduction, c = 8, inputs 12 and 16): preprocess (96 + 16) + (128 + 16) = 256; ops max
     * 0 + skip/2 80 + sep3 304 + dil3/2 152 + skip/2 80 + sep5 560 + avg 0 + dil5 280 = 1456. Total 1712.
     * Cell 2 (reduction after a reduction, c = 16, inputs 16 and 32): FactorizedReduce 16 -> 16 =
     * 256 + 32 = 288, ReLUConvBN 32 -> 16 = 544; ops 288 + 864 + 432 + 288 + 1376 + 688 = 3936.
     * Total 4768.
     * Classifier 64*10 + 10 = 650. Network: 348 + 784 + 1712 + 4768 + 650 = 8262.
     *
     * <p>MACs on a 3 x 16 x 16 image: stem 82944; cell 0 at 16 x 16: preprocess 2*12*4*256 = 24576,
     * ops (104 + 232 + 52 + 116 + 104) * 256 = 155648; cell 1: preprocess (12*8 + 16*8) * 256 =
     * 57344 on the 16 x 16 inputs, ops at 8 x 8: (64 + 272 + 136 + 64 + 528 + 264) * 64 = 84992;
     * cell 2: FactorizedReduce 16*16*64 = 16384 (its output is 8 x 8), preprocess1 32*16*64 = 32768,
     * ops at 4 x 4: (256 + 800 + 400 + 256 + 1312 + 656) * 16 = 58880; classifier 640.
     * Total 514176.
     */
    @Test
    void smallNetworkMatchesHandCount() {
        MacroConfig cfg = new MacroConfig(4, 3, 3, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            DiscreteNetwork net = new DartsSpace().network(SMALL, cfg, new ParamFactory(m, 0));
            assertThat(net.countParameters()).isEqualTo(8262).isEqualTo(expected(SMALL, cfg, 16)[0]);
            assertThat(net.macs(m, 3, 16, 16)).isEqualTo(514176).isEqualTo(expected(SMALL, cfg, 16)[1]);
            assertThat(ArchitectureCost.of(new DartsSpace(), SMALL, cfg, 16, 16, m))
                    .isEqualTo(new ArchitectureCost(4, 3, 8262, 514176));
            // the preprocessing layers of the layout
            assertThat(net.namedParams().keySet()).contains(
                    "net.cells.0.pre.preprocess0.conv.weight",
                    "net.cells.1.pre.preprocess0.conv.weight",
                    "net.cells.2.pre.preprocess0.conv1.weight",
                    "net.cells.2.pre.preprocess1.conv.weight",
                    "net.cells.1.ops.1.skip_connect.conv2.weight",
                    "net.cells.2.ops.7.dil_conv_5x5.depthwise.weight");
            assertThat(net.namedParams().keySet()).noneMatch(k -> k.startsWith("net.cells.0.ops.3."));
            assertThat(net.namedParams().get("net.cells.2.pre.preprocess0.conv1.weight").value().getShape())
                    .isEqualTo(new Shape(8, 16, 1, 1));
            assertThat(net.namedParams().get("net.classifier.weight").value().getShape()).isEqualTo(new Shape(10, 64));
        }
    }

    @Test
    void otherSizesFollowTheFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (MacroConfig cfg : List.of(new MacroConfig(6, 5, 1, 10), new MacroConfig(2, 2, 3, 7))) {
                for (DartsGenotype g : List.of(SMALL, Genotypes.DARTS_V1, Genotypes.PC_DARTS_CIFAR)) {
                    DiscreteNetwork net = new DartsSpace().network(g, cfg, new ParamFactory(m, 0));
                    long[] e = expected(g, cfg, 16);
                    assertThat(net.countParameters()).as(cfg + " " + g).isEqualTo(e[0]);
                    assertThat(net.macs(m, cfg.inChannels(), 16, 16)).as(cfg + " " + g).isEqualTo(e[1]);
                }
            }
        }
    }

    /**
     * DARTS_V2 at the paper's size (C = 36, 20 cells, CIFAR-10): 3,349,342 parameters, which is
     * the "param size = 3.349342MB" the DARTS code prints (it leaves out the auxiliary head, which
     * this network does not have) and the paper's 3.3M. MACs on 32 x 32: 528,359,040 (the "528M"
     * quoted for DARTS in later papers).
     */
    @Test
    void dartsV2AtPaperSize() {
        MacroConfig cfg = new DartsSpace().standardNetwork(3, 10);
        assertThat(cfg).isEqualTo(new MacroConfig(36, 20, 3, 10));
        try (NDManager m = NDManager.newBaseManager()) {
            DiscreteNetwork net = new DartsSpace().network(Genotypes.DARTS_V2, cfg, new ParamFactory(m, 0));
            long[] e = expected(Genotypes.DARTS_V2, cfg, 32);
            assertThat(net.countParameters()).isEqualTo(3_349_342L).isEqualTo(e[0]);
            assertThat(net.macs(m, 3, 32, 32)).isEqualTo(528_359_040L).isEqualTo(e[1]);
        }
    }

    @Test
    void forwardGivesLogitsInBothModes() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            DiscreteNetwork net = new DartsSpace().network(SMALL, new MacroConfig(4, 3, 1, 10), new ParamFactory(m, 0));
            assertThat(net.genotype()).isEqualTo(SMALL);
            for (boolean training : new boolean[] {true, false}) {
                for (int size : new int[] {8}) {
                    NDArray y = net.forward(m.randomNormal(new Shape(2, 1, size, size)), training);
                    assertThat(y.getShape()).isEqualTo(new Shape(2, 10));
                    for (float v : y.toFloatArray()) {
                        assertThat(Float.isFinite(v)).isTrue();
                    }
                }
            }
        }
    }
}
