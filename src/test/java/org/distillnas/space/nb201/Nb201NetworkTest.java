package org.distillnas.space.nb201;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.eval.ArchitectureCost;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parameters and MACs of NAS-Bench-201 networks against hand computations.
 *
 * <p>Parameters of a network with C channels, N cells per stage, {@code in} image channels and K
 * classes:
 *
 * <pre>
 *   stem       9 in C + 2C                            (3x3 conv in->C, BN)
 *   cells      N (cell(C) + cell(2C) + cell(4C))      cell(c) = sum of its six ops at c channels
 *   reduction  res(C, 2C) + res(2C, 4C)               res(a, b) = 9ab + 2b   (conv_a 3x3 stride 2 + BN)
 *                                                               + 9b^2 + 2b  (conv_b 3x3 + BN)
 *                                                               + ab         (shortcut 1x1 conv, no BN)
 *   last BN    2 * 4C
 *   classifier 4C K + K
 * </pre>
 *
 * with op(c) = 9c^2 + 2c for nor_conv_3x3, c^2 + 2c for nor_conv_1x1, 0 otherwise.
 *
 * <p>MACs on one in x H x W image: stem 9 in C H W; a cell at c channels on h x w does 9c^2 hw per
 * nor_conv_3x3 and c^2 hw per nor_conv_1x1; res(a, b) with output h x w does (9ab + 9b^2 + ab) hw;
 * classifier 4C K. Since c doubles while hw quarters at each stage, c^2 hw is the same in all three
 * stages: C^2 H W.
 */
class Nb201NetworkTest {
    static final Nb201Genotype MIXED =
            Nb201Genotype.parse("|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        // fixed engine random stream: the random test inputs are the same on every run
        ai.djl.engine.Engine.getInstance().setRandomSeed(20240501);
    }

    static long opParams(String op, long c) {
        return switch (op) {
            case "nor_conv_3x3" -> 9 * c * c + 2 * c;
            case "nor_conv_1x1" -> c * c + 2 * c;
            default -> 0;
        };
    }

    static long opMacs(String op, long c, long hw) {
        return switch (op) {
            case "nor_conv_3x3" -> 9 * c * c * hw;
            case "nor_conv_1x1" -> c * c * hw;
            default -> 0;
        };
    }

    static long cellParams(Nb201Genotype g, long c) {
        long n = 0;
        for (var node : g.nodes()) {
            for (Edge e : node) {
                n += opParams(e.op(), c);
            }
        }
        return n;
    }

    static long cellMacs(Nb201Genotype g, long c, long hw) {
        long n = 0;
        for (var node : g.nodes()) {
            for (Edge e : node) {
                n += opMacs(e.op(), c, hw);
            }
        }
        return n;
    }

    static long resParams(long a, long b) {
        return 9 * a * b + 2 * b + 9 * b * b + 2 * b + a * b;
    }

    static long expectedParams(Nb201Genotype g, MacroConfig cfg) {
        long c = cfg.channels();
        long k = cfg.numClasses();
        return 9L * cfg.inChannels() * c + 2 * c
                + cfg.cells() * (cellParams(g, c) + cellParams(g, 2 * c) + cellParams(g, 4 * c))
                + resParams(c, 2 * c) + resParams(2 * c, 4 * c)
                + 2 * 4 * c
                + 4 * c * k + k;
    }

    static long expectedMacs(Nb201Genotype g, MacroConfig cfg, int h, int w) {
        long c = cfg.channels();
        long hw = (long) h * w;
        long hw2 = (long) (h / 2) * (w / 2);
        long hw4 = (long) (h / 4) * (w / 4);
        return 9L * cfg.inChannels() * c * hw
                + cfg.cells() * (cellMacs(g, c, hw) + cellMacs(g, 2 * c, hw2) + cellMacs(g, 4 * c, hw4))
                + (9 * c * 2 * c + 9 * 4 * c * c + 2 * c * c) * hw2
                + (9 * 2 * c * 4 * c + 9 * 16 * c * c + 8 * c * c) * hw4
                + 4 * c * cfg.numClasses();
    }

    static DiscreteNetwork build(NDManager m, Nb201Genotype g, MacroConfig cfg) {
        return new Nb201Space().network(g, cfg, new ParamFactory(m, 0));
    }

    /**
     * C = 4, N = 1, one input channel, 10 classes. Skeleton: stem 36 + 8 = 44; res(4, 8) = 288 + 16
     * + 576 + 16 + 32 = 928; res(8, 16) = 1152 + 32 + 2304 + 32 + 128 = 3648; last BN 32;
     * classifier 170. Total 4822.
     * All-skip cells add nothing: 4822.
     * All-conv3x3 cells: 6 (9c^2 + 2c) at c = 4, 8, 16: 912 + 3552 + 14016 = 18480, total 23302.
     * Mixed cell (two 1x1, one 3x3): 11c^2 + 6c: 200 + 752 + 2912 = 3864, total 8686.
     */
    @Test
    void parametersOfSmallNetworks() {
        MacroConfig cfg = new MacroConfig(4, 1, 1, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(build(m, Genotypes.NB201_ALL_SKIP, cfg).countParameters()).isEqualTo(4822);
            assertThat(build(m, Genotypes.NB201_ALL_CONV3, cfg).countParameters()).isEqualTo(23302);
            assertThat(build(m, MIXED, cfg).countParameters()).isEqualTo(8686);
            for (Nb201Genotype g : new Nb201Genotype[] {Genotypes.NB201_ALL_SKIP, Genotypes.NB201_ALL_CONV3, MIXED}) {
                assertThat(build(m, g, cfg).countParameters()).as(g.arch()).isEqualTo(expectedParams(g, cfg));
            }
            // N = 2, 3 channels, 100 classes, by the formula
            MacroConfig deeper = new MacroConfig(6, 2, 3, 100);
            assertThat(build(m, MIXED, deeper).countParameters()).isEqualTo(expectedParams(MIXED, deeper));
        }
    }

    /**
     * The same networks on a 1 x 28 x 28 image (stages at 28, 14, 7). Stem 9*4*784 = 28224;
     * res(4, 8) at 14 x 14: (288 + 576 + 32) * 196 = 175616; res(8, 16) at 7 x 7: (1152 + 2304 +
     * 128) * 49 = 175616; classifier 160. Skeleton 379616.
     * All-conv3x3 cell: 54 c^2 hw = 54 * 16 * 784 = 677376 per stage, total 379616 + 3 * 677376 =
     * 2411744. Mixed: 11 * 12544 = 137984 per stage, total 793568.
     */
    @Test
    void macsOfSmallNetworks() {
        MacroConfig cfg = new MacroConfig(4, 1, 1, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(build(m, Genotypes.NB201_ALL_SKIP, cfg).macs(m, 1, 28, 28)).isEqualTo(379616);
            assertThat(build(m, Genotypes.NB201_ALL_CONV3, cfg).macs(m, 1, 28, 28)).isEqualTo(2411744);
            assertThat(build(m, MIXED, cfg).macs(m, 1, 28, 28)).isEqualTo(793568);
            for (Nb201Genotype g : new Nb201Genotype[] {Genotypes.NB201_ALL_SKIP, Genotypes.NB201_ALL_CONV3, MIXED}) {
                assertThat(build(m, g, cfg).macs(m, 1, 28, 28)).as(g.arch()).isEqualTo(expectedMacs(g, cfg, 28, 28));
            }
            assertThat(ArchitectureCost.of(new Nb201Space(), MIXED, cfg, 28, 28, m))
                    .isEqualTo(new ArchitectureCost(4, 1, 8686, 793568));
        }
    }

    /**
     * The benchmark's CIFAR-10 network of the all-conv3x3 cell (C = 16, N = 5, 3 channels, 10
     * classes): stem 432 + 32 = 464; cells 5 * (6 * 2336 + 6 * 9280 + 6 * 36992) = 70080 + 278400
     * + 1109760; res(16, 32) = 14464; res(32, 64) = 57600; last BN 128; classifier 650. Total
     * 1,531,546 = the 1.531546 MB NAS-Bench-201 lists as its largest parameter count.
     * MACs on 32 x 32: stem 442368 + cells 15 * 54 * 256 * 1024 = 212336640 + two residual blocks
     * 3670016 each + 640 = 220,119,680.
     */
    @Test
    void benchmarkSizeNetworkMatchesNasBench201() {
        MacroConfig cfg = new Nb201Space().standardNetwork(3, 10);
        assertThat(cfg).isEqualTo(new MacroConfig(16, 5, 3, 10));
        try (NDManager m = NDManager.newBaseManager()) {
            DiscreteNetwork net = build(m, Genotypes.NB201_ALL_CONV3, cfg);
            assertThat(net.countParameters()).isEqualTo(1_531_546L).isEqualTo(expectedParams(Genotypes.NB201_ALL_CONV3, cfg));
            assertThat(net.macs(m, 3, 32, 32)).isEqualTo(220_119_680L)
                    .isEqualTo(expectedMacs(Genotypes.NB201_ALL_CONV3, cfg, 32, 32));
            // the all-skip network is just the skeleton: 464 + 14464 + 57600 + 128 + 650
            assertThat(build(m, Genotypes.NB201_ALL_SKIP, cfg).countParameters()).isEqualTo(73306);
        }
    }

    @Test
    void forwardGivesLogitsAndNamesFollowTheLayout() {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            DiscreteNetwork net = build(m, MIXED, new MacroConfig(4, 1, 1, 10));
            assertThat(net.genotype()).isEqualTo(MIXED);
            for (boolean training : new boolean[] {true, false}) {
                NDArray y = net.forward(m.randomNormal(new Shape(3, 1, 12, 12)), training);
                assertThat(y.getShape()).isEqualTo(new Shape(3, 10));
            }
            assertThat(net.namedParams().keySet()).contains(
                    "net.stem.conv.weight", "net.stem.bn.weight",
                    "net.cells.0.edges.0.nor_conv_1x1.conv.weight",
                    "net.cells.2.edges.4.nor_conv_3x3.bn.bias",
                    "net.reductions.0.conv_a.conv.weight", "net.reductions.1.downsample.weight",
                    "net.lastact.bn.weight", "net.classifier.weight", "net.classifier.bias");
            assertThat(net.namedParams().get("net.reductions.1.downsample.weight").value().getShape())
                    .isEqualTo(new Shape(16, 8, 1, 1));
            assertThat(net.namedParams().get("net.cells.2.edges.4.nor_conv_3x3.conv.weight").value().getShape())
                    .isEqualTo(new Shape(16, 16, 3, 3));
        }
    }

    @Test
    void aDartsGenotypeIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> new Nb201Space().network(Genotypes.DARTS_V2, new MacroConfig(4, 1, 1, 10),
                            new ParamFactory(m, 0)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("expected a NAS-Bench-201 genotype");
        }
    }
}
