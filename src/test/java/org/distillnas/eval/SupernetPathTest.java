package org.distillnas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.supernet.CellWeights;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A genotype's selection (one-hot op weights, edge weights 1 on kept edges and 0 elsewhere) run
 * through a full-channel supernet computes the discrete network with inherited weights: the path
 * a partial-channel supernet is scored by is the genotype's own.
 */
class SupernetPathTest {
    static final String NB201 = "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|";
    /**
     * Inputs ascending within each node (the order discretisation gives equal scores), and no pooling:
     * a DARTS search cell follows pooling with a BatchNorm that the stand-alone cell lacks.
     */
    static final String DARTS = "Genotype(normal=[('dil_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_5x5', 0), "
            + "('skip_connect', 2), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('skip_connect', 2), ('sep_conv_3x3', 4)], "
            + "normal_concat=[2, 3, 4, 5], reduce=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('dil_conv_3x3', 0), "
            + "('skip_connect', 2), ('skip_connect', 2), ('dil_conv_3x3', 3), ('sep_conv_5x5', 1), ('sep_conv_5x5', 4)], "
            + "reduce_concat=[2, 3, 4, 5])";

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        ai.djl.engine.Engine.getInstance().setRandomSeed(9);
    }

    @Test
    void selectionIsTheInverseOfDiscretisation() {
        for (SearchSpace space : new SearchSpace[] {new Nb201Space(), new DartsSpace()}) {
            Genotype g = Genotypes.parseAny(space.name().equals("nb201") ? NB201 : DARTS, space.name());
            Map<String, double[][]> selection = space.selection(g);
            assertThat(space.discretize(selection)).isEqualTo(g);
        }
        Genotype nb201 = Genotypes.parseAny(NB201, "nb201");
        assertThatThrownBy(() -> new DartsSpace().selection(nb201)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected a DARTS genotype");
    }

    @Test
    void nb201PathEqualsTheInheritedNetwork() {
        assertPathEqualsNetwork(new Nb201Space(), NB201, new MacroConfig(4, 1, 1, 10));
    }

    @Test
    void dartsPathEqualsTheInheritedNetwork() {
        assertPathEqualsNetwork(new DartsSpace(), DARTS, new MacroConfig(4, 3, 1, 10));
    }

    private static void assertPathEqualsNetwork(SearchSpace space, String genotype, MacroConfig c) {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open()) {
            Supernet supernet = space.supernet(c, SupernetOptions.defaults(), new ParamFactory(m, 4));
            Genotype g = Genotypes.parseAny(genotype, space.name());
            DiscreteNetwork net = space.network(g, c, new ParamFactory(m, 99));
            Inheritance.copy(supernet, net);
            Map<String, CellWeights> path = SupernetPath.fixedWeights(space, space.selection(g), m);
            NDArray x = m.randomNormal(new Shape(6, c.inChannels(), 16, 16));
            float[] a = supernet.forward(x, path, true).toFloatArray();
            float[] b = net.forward(x, true).toFloatArray();
            assertThat(b).containsExactly(a, org.assertj.core.data.Offset.offset(2e-4f));
        }
    }
}
