package org.distillnas.space.nb201;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.Primitives;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Nb201Genotype;
import org.junit.jupiter.api.Test;

/** NAS-Bench-201 discretisation on hand-built tables: argmax of every edge, none included. */
class Nb201DiscretizeTest {
    @Test
    void edgesAreInTheBenchmarksOrder() {
        List<EdgeSpec> edges = new Nb201Space().cells().get(Nb201Space.CELL);
        assertThat(edges).extracting(EdgeSpec::label).containsExactly("0->1", "0->2", "1->2", "0->3", "1->3", "2->3");
        assertThat(edges).allMatch(e -> e.ops().equals(Primitives.NB201));
    }

    @Test
    void picksTheArgmaxOfEachEdgeIncludingNone() {
        // columns: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3
        double[][] p = {
            {0.40, 0.15, 0.15, 0.15, 0.15}, // 0->1: none is strongest and is kept
            {0.10, 0.60, 0.10, 0.10, 0.10}, // 0->2: skip
            {0.05, 0.10, 0.70, 0.10, 0.05}, // 1->2: nor_conv_1x1
            {0.20, 0.20, 0.20, 0.21, 0.19}, // 0->3: nor_conv_3x3 by a hair
            {0.01, 0.02, 0.03, 0.04, 0.90}, // 1->3: avg_pool
            {0.25, 0.30, 0.30, 0.10, 0.05}, // 2->3: tie between skip and 1x1: the first wins
        };
        Genotype g = new Nb201Space().discretize(Map.of(Nb201Space.CELL, p));
        assertThat(g).isInstanceOf(Nb201Genotype.class);
        assertThat(((Nb201Genotype) g).arch())
                .isEqualTo("|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|skip_connect~2|");
    }

    @Test
    void scoresNeedNotBeProbabilities() {
        double[][] p = new double[6][];
        for (int e = 0; e < 6; e++) {
            p[e] = new double[] {-5, -4, -3, -2, -1}; // avg_pool everywhere
        }
        p[3] = new double[] {-1, -2, -3, -4, -5}; // 0->3 none
        assertThat(((Nb201Genotype) new Nb201Space().discretize(Map.of("cell", p))).arch())
                .isEqualTo("|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|none~0|avg_pool_3x3~1|avg_pool_3x3~2|");
    }
}
