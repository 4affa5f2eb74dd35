package org.distillnas.space.darts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.Primitives;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * DARTS discretisation on hand-built tables: per intermediate node the two incoming edges whose
 * strongest non-none op is strongest, each with that op, strongest first; none never chosen.
 *
 * <p>Edge rows: 0:0->2 1:1->2 | 2:0->3 3:1->3 4:2->3 | 5:0->4 6:1->4 7:2->4 8:3->4 |
 * 9:0->5 10:1->5 11:2->5 12:3->5 13:4->5. DARTS op columns: 0 none, 1 max_pool, 2 avg_pool,
 * 3 skip, 4 sep3, 5 sep5, 6 dil3, 7 dil5.
 */
class DartsDiscretizeTest {
    /** A row with 0.01 everywhere, {@code none} on column 0 and {@code w} on column {@code op}. */
    static double[] row(double none, int op, double w) {
        double[] r = new double[8];
        Arrays.fill(r, 0.01);
        r[0] = none;
        r[op] = w;
        return r;
    }

    @Test
    void edgesAreInTheDartsOrder() {
        List<EdgeSpec> edges = new DartsSpace().cells().get(DartsSpace.NORMAL);
        assertThat(edges).extracting(EdgeSpec::label).containsExactly("0->2", "1->2", "0->3", "1->3", "2->3",
                "0->4", "1->4", "2->4", "3->4", "0->5", "1->5", "2->5", "3->5", "4->5");
        assertThat(new DartsSpace().cells().keySet()).containsExactly("normal", "reduce");
        assertThat(new DartsSpace().cells().get(DartsSpace.REDUCE)).allMatch(e -> e.ops().equals(Primitives.DARTS));
    }

    @Test
    void keepsTwoStrongestEdgesPerNodeWithTheirBestNonNoneOp() {
        double[][] normal = {
            row(0.90, 4, 0.05), // 0->2: none dominates, best real op sep3 0.05
            row(0.10, 5, 0.30), // 1->2: sep5 0.30 -> first
            row(0.10, 6, 0.40), // 0->3: dil3 0.40 -> second
            row(0.95, 1, 0.04), // 1->3: none 0.95 is ignored; max_pool 0.04 loses
            row(0.05, 3, 0.50), // 2->3: skip 0.50 -> first
            row(0.10, 2, 0.20), // 0->4: avg 0.20 ties with 1->4: the lower input first
            row(0.10, 4, 0.20), // 1->4: sep3 0.20
            row(0.10, 7, 0.10), // 2->4
            row(0.10, 1, 0.15), // 3->4
            row(0.10, 5, 0.10), // 0->5
            row(0.99, 6, 0.02), // 1->5
            row(0.10, 3, 0.60), // 2->5: skip -> first
            row(0.10, 4, 0.25), // 3->5
            row(0.10, 6, 0.30), // 4->5: dil3 -> second
        };
        // reduction cell: none strongest everywhere, max_pool at 0.1 * (input + 1): the two highest inputs win
        double[][] reduce = new double[14][];
        int e = 0;
        for (int to = 2; to < 6; to++) {
            for (int from = 0; from < to; from++) {
                reduce[e++] = row(0.9, 1, 0.1 * (from + 1));
            }
        }
        DartsGenotype g = (DartsGenotype) new DartsSpace().discretize(Map.of("normal", normal, "reduce", reduce));
        assertThat(g.space()).isEqualTo("darts");
        assertThat(g.normal()).containsExactly(
                new Edge("sep_conv_5x5", 1), new Edge("sep_conv_3x3", 0),
                new Edge("skip_connect", 2), new Edge("dil_conv_3x3", 0),
                new Edge("avg_pool_3x3", 0), new Edge("sep_conv_3x3", 1),
                new Edge("skip_connect", 2), new Edge("dil_conv_3x3", 4));
        assertThat(g.reduce()).containsExactly(
                new Edge("max_pool_3x3", 1), new Edge("max_pool_3x3", 0),
                new Edge("max_pool_3x3", 2), new Edge("max_pool_3x3", 1),
                new Edge("max_pool_3x3", 3), new Edge("max_pool_3x3", 2),
                new Edge("max_pool_3x3", 4), new Edge("max_pool_3x3", 3));
        assertThat(g.normalConcat()).containsExactly(2, 3, 4, 5);
        assertThat(g.reduceConcat()).containsExactly(2, 3, 4, 5);
    }

    @Test
    void theBestOpOfAnEdgeIsItsArgmaxOverRealOps() {
        double[][] p = new double[14][];
        for (int e = 0; e < 14; e++) {
            // none 0.5, then increasing: dil_conv_5x5 (last column) is the best real op everywhere
            p[e] = new double[] {0.5, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07 + e * 0.001};
        }
        DartsGenotype g = (DartsGenotype) new DartsSpace().discretize(Map.of("normal", p, "reduce", p));
        // higher edge index = stronger, so per node the two last edges, the later first
        assertThat(g.normal()).containsExactly(
                new Edge("dil_conv_5x5", 1), new Edge("dil_conv_5x5", 0),
                new Edge("dil_conv_5x5", 2), new Edge("dil_conv_5x5", 1),
                new Edge("dil_conv_5x5", 3), new Edge("dil_conv_5x5", 2),
                new Edge("dil_conv_5x5", 4), new Edge("dil_conv_5x5", 3));
        assertThat(g.reduce()).isEqualTo(g.normal());
    }

    /**
     * Edges with their own two-op lists (as in RobustDARTS S1): the chosen op is looked up in that
     * edge's list; a none entry is skipped even when it is the larger.
     */
    @Test
    void perEdgeOpLists() {
        List<String> real = Primitives.DARTS.subList(1, 8);
        List<List<String>> normalOps = new ArrayList<>();
        List<List<String>> reduceOps = new ArrayList<>();
        for (int e = 0; e < 14; e++) {
            normalOps.add(List.of(real.get(e % 7), real.get((e + 3) % 7)));
            reduceOps.add(List.of(Primitives.NONE, real.get(e % 7)));
        }
        DartsSpace space = new DartsSpace("darts", normalOps, reduceOps);
        assertThat(space.cells().get("normal").get(5).ops()).containsExactly("dil_conv_3x3", "avg_pool_3x3");

        double[][] normal = new double[14][];
        double[][] reduce = new double[14][];
        for (int e = 0; e < 14; e++) {
            // even edges prefer their first op, odd edges their second; later edges are stronger
            double strong = 0.5 + 0.01 * e;
            normal[e] = e % 2 == 0 ? new double[] {strong, 0.1} : new double[] {0.1, strong};
            reduce[e] = new double[] {0.9, 0.05 + 0.01 * (13 - e)}; // earlier edges stronger; none ignored
        }
        DartsGenotype g = (DartsGenotype) space.discretize(Map.of("normal", normal, "reduce", reduce));
        assertThat(g.space()).isEqualTo("darts");
        // node 2: edges 1 (odd: 2nd op of edge 1 = real[4] = sep_conv_5x5) then 0 (1st op of edge 0 = max_pool)
        // node 3: edges 4 (even: real[4] = sep_conv_5x5, input 2), 3 (odd: real[6] = dil_conv_5x5, input 1)
        // node 4: edges 8 (real[1] = avg_pool, input 3), 7 (real[3] = sep_conv_3x3, input 2)
        // node 5: edges 13 (odd: real[(13+3)%7 = 2] = skip, input 4), 12 (real[12%7 = 5] = dil_conv_3x3, input 3)
        assertThat(g.normal()).containsExactly(
                new Edge("sep_conv_5x5", 1), new Edge("max_pool_3x3", 0),
                new Edge("sep_conv_5x5", 2), new Edge("dil_conv_5x5", 1),
                new Edge("avg_pool_3x3", 3), new Edge("sep_conv_3x3", 2),
                new Edge("skip_connect", 4), new Edge("dil_conv_3x3", 3));
        // reduce: the two lowest edges of each node, each with its only real op real[e % 7]
        // node 2: edges 0, 1; node 3: 2, 3; node 4: 5, 6; node 5: 9, 10
        assertThat(g.reduce()).containsExactly(
                new Edge("max_pool_3x3", 0), new Edge("avg_pool_3x3", 1),
                new Edge("skip_connect", 0), new Edge("sep_conv_3x3", 1),
                new Edge("dil_conv_3x3", 0), new Edge("dil_conv_5x5", 1),
                new Edge("skip_connect", 0), new Edge("sep_conv_3x3", 1));
    }

    @Test
    void anEdgeWithOnlyNoneCannotBeDiscretised() {
        List<List<String>> ops = new ArrayList<>(DartsSpace.uniform(List.of(Primitives.NONE, Primitives.SKIP)));
        ops.set(0, List.of(Primitives.NONE, Primitives.NONE));
        DartsSpace space = new DartsSpace("darts", ops, ops);
        double[][] p = new double[14][];
        Arrays.fill(p, new double[] {0.5, 0.5});
        assertThatThrownBy(() -> space.discretize(Map.of("normal", p, "reduce", p)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("edge 0->2 has only the none op");
    }

    /**
     * A space whose name no DARTS genotype may carry must be refused when it is made, not after a
     * whole search when its result is discretised.
     */
    @Test
    void aSpaceNameMustBeAValidGenotypeSpace() {
        List<List<String>> ops = DartsSpace.uniform(List.of(Primitives.NONE, Primitives.SKIP));
        assertThatThrownBy(() -> new DartsSpace("test", ops, ops))
                .isInstanceOf(BadInputException.class)
                .hasMessage("unknown DARTS space 'test', expected one of darts, darts-s1, darts-s2, darts-s3, darts-s4");
        assertThatThrownBy(() -> new DartsSpace("darts", ops.subList(0, 13), ops))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a DARTS cell has 14 edges, got 13 op lists");
    }
}
