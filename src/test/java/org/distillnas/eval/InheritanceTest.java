package org.distillnas.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.Primitives;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With alphas that select one op per edge (and "none" on the edges DARTS discards), the supernet
 * computes the discrete network's function; after inheritance both give the same outputs, which
 * checks that every inherited tensor landed in the right place.
 */
class InheritanceTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /** Sets alpha[e][chosen] = 50 and the rest 0: softmax is 1 on the chosen op to float precision. */
    private static void select(Param alpha, int[] chosen, int ops) {
        float[] v = new float[chosen.length * ops];
        for (int e = 0; e < chosen.length; e++) {
            v[e * ops + chosen[e]] = 50f;
        }
        try (NoGrad ignored = NoGrad.open(); NDArray a = alpha.value().getManager().create(v, alpha.value().getShape())) {
            alpha.value().muli(0).addi(a);
        }
    }

    private static void assertSameOutputs(SearchSpace space, Supernet supernet, Genotype g, MacroConfig c, NDManager m) {
        DiscreteNetwork net = space.network(g, c, new ParamFactory(m, 99));
        int copied = Inheritance.copy(supernet, net);
        assertThat(copied).isPositive();
        NDArray x = m.randomNormal(new Shape(6, c.inChannels(), 16, 16));
        try (NoGrad ignored = NoGrad.open()) {
            float[] a = supernet.forward(x, true).toFloatArray();
            float[] b = net.forward(x, true).toFloatArray();
            assertThat(b).containsExactly(a, org.assertj.core.data.Offset.offset(2e-4f));
        }
    }

    @Test
    void nb201NetworkWithInheritedWeightsComputesTheSelectedSupernetPath() {
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Space space = new Nb201Space();
            MacroConfig c = new MacroConfig(4, 1, 1, 10);
            Supernet supernet = space.supernet(c, SupernetOptions.defaults(), new ParamFactory(m, 1));
            // nor_conv_3x3, skip, avg_pool, nor_conv_1x1, none, nor_conv_3x3
            select(supernet.archParams().values().iterator().next(), new int[] {3, 1, 4, 2, 0, 3}, 5);
            Genotype g = supernet.genotype();
            assertThat(g.toString()).isEqualTo(
                    "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|");
            assertSameOutputs(space, supernet, g, c, m);
        }
    }

    @Test
    void dartsNetworkMapsGenesToTheirSupernetEdges() {
        try (NDManager m = NDManager.newBaseManager()) {
            DartsSpace space = new DartsSpace();
            MacroConfig c = new MacroConfig(4, 3, 1, 10);
            Supernet supernet = space.supernet(c, SupernetOptions.defaults(), new ParamFactory(m, 2));
            List<String> ops = Primitives.DARTS;
            List<EdgeSpec> edges = space.cells().get(DartsSpace.NORMAL);
            // keep inputs (1, 0), (2, 0), (3, 1), (4, 2) with non-pool ops; "none" everywhere else
            String[][] keep = {{"1", "sep_conv_3x3", "0", "dil_conv_3x3"}, {"2", "skip_connect", "0", "sep_conv_5x5"},
                {"3", "dil_conv_5x5", "1", "sep_conv_3x3"}, {"4", "sep_conv_3x3", "2", "skip_connect"}};
            int[] chosen = new int[edges.size()];
            for (int e = 0; e < edges.size(); e++) {
                String[] node = keep[edges.get(e).to() - 2];
                int from = edges.get(e).from();
                String op = from == Integer.parseInt(node[0]) ? node[1] : from == Integer.parseInt(node[2]) ? node[3] : "none";
                chosen[e] = ops.indexOf(op);
            }
            Map<String, Param> alphas = supernet.archParams();
            alphas.values().forEach(a -> select(a, chosen, ops.size()));
            DartsGenotype g = (DartsGenotype) supernet.genotype();
            assertThat(g.normal()).hasSize(8);
            assertThat(g.normal().get(0)).isIn(new Edge("sep_conv_3x3", 1), new Edge("dil_conv_3x3", 0));
            assertSameOutputs(space, supernet, g, c, m);
        }
    }
}
