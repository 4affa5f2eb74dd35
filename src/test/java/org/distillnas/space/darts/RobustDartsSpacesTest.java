package org.distillnas.space.darts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * The op sets of RobustDARTS's S1-S4, edge by edge, against tables written out here from the
 * paper's code (src/spaces.py), and discretisation in spaces with and without none.
 *
 * <p>Edge rows: 0:0->2 1:1->2 | 2:0->3 3:1->3 4:2->3 | 5:0->4 6:1->4 7:2->4 8:3->4 |
 * 9:0->5 10:1->5 11:2->5 12:3->5 13:4->5.
 */
class RobustDartsSpacesTest {
    private static final List<String> LABELS = List.of("0->2", "1->2", "0->3", "1->3", "2->3",
            "0->4", "1->4", "2->4", "3->4", "0->5", "1->5", "2->5", "3->5", "4->5");

    /** S1 normal cell, "label: ops", written independently of the production table. */
    private static final List<String> S1_NORMAL = List.of(
            "0->2: skip_connect dil_conv_3x3",
            "1->2: skip_connect dil_conv_5x5",
            "0->3: skip_connect dil_conv_5x5",
            "1->3: skip_connect sep_conv_3x3",
            "2->3: skip_connect dil_conv_3x3",
            "0->4: max_pool_3x3 skip_connect",
            "1->4: skip_connect sep_conv_3x3",
            "2->4: skip_connect sep_conv_3x3",
            "3->4: skip_connect dil_conv_3x3",
            "0->5: skip_connect sep_conv_3x3",
            "1->5: max_pool_3x3 skip_connect",
            "2->5: skip_connect dil_conv_3x3",
            "3->5: dil_conv_3x3 dil_conv_5x5",
            "4->5: dil_conv_3x3 dil_conv_5x5");

    /** S1 reduction cell. */
    private static final List<String> S1_REDUCE = List.of(
            "0->2: max_pool_3x3 avg_pool_3x3",
            "1->2: max_pool_3x3 dil_conv_3x3",
            "0->3: max_pool_3x3 avg_pool_3x3",
            "1->3: max_pool_3x3 avg_pool_3x3",
            "2->3: skip_connect dil_conv_5x5",
            "0->4: max_pool_3x3 avg_pool_3x3",
            "1->4: max_pool_3x3 sep_conv_3x3",
            "2->4: skip_connect dil_conv_3x3",
            "3->4: skip_connect dil_conv_5x5",
            "0->5: max_pool_3x3 avg_pool_3x3",
            "1->5: max_pool_3x3 avg_pool_3x3",
            "2->5: skip_connect dil_conv_5x5",
            "3->5: skip_connect dil_conv_5x5",
            "4->5: skip_connect dil_conv_5x5");

    private static List<String> rows(SearchSpace space, String cell) {
        return space.cells().get(cell).stream().map(e -> e.label() + ": " + String.join(" ", e.ops())).toList();
    }

    private static List<String> uniform(String ops) {
        return LABELS.stream().map(l -> l + ": " + ops).toList();
    }

    @Test
    void s1HasTheTwoOpsOfEachEdge() {
        SearchSpace s1 = Spaces.byName("darts-s1");
        assertThat(s1).isInstanceOf(DartsSpace.class);
        assertThat(s1.name()).isEqualTo("darts-s1");
        assertThat(s1.cells().keySet()).containsExactly("normal", "reduce");
        assertThat(rows(s1, "normal")).containsExactlyElementsOf(S1_NORMAL);
        assertThat(rows(s1, "reduce")).containsExactlyElementsOf(S1_REDUCE);
    }

    @Test
    void s2ToS4HaveOneOpSetOnEveryEdgeOfBothCells() {
        Map<String, String> expected = Map.of(
                "darts-s2", "skip_connect sep_conv_3x3",
                "darts-s3", "none skip_connect sep_conv_3x3",
                "darts-s4", "noise sep_conv_3x3");
        expected.forEach((name, ops) -> {
            SearchSpace s = Spaces.byName(name);
            assertThat(s.name()).isEqualTo(name);
            assertThat(rows(s, "normal")).as(name).containsExactlyElementsOf(uniform(ops));
            assertThat(rows(s, "reduce")).as(name).containsExactlyElementsOf(uniform(ops));
        });
    }

    @Test
    void registeredUnderTheirNamesAfterTheDartsSpace() {
        assertThat(Spaces.names()).containsSubsequence("darts", "darts-s1", "darts-s2", "darts-s3", "darts-s4");
        assertThat(RobustDartsSpaces.NAMES).containsExactly("darts-s1", "darts-s2", "darts-s3", "darts-s4");
        assertThat(DartsGenotype.SPACES).containsAll(RobustDartsSpaces.NAMES);
        assertThatThrownBy(() -> RobustDartsSpaces.create("darts-s5"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("unknown RobustDARTS space 'darts-s5', expected one of darts-s1, darts-s2, darts-s3, darts-s4");
    }

    /** A space may narrow the op sets its name stands for, never widen them. */
    @Test
    void aSpaceCannotOfferOpsItsNameDoesNotAllow() {
        List<List<String>> s2 = RobustDartsSpaces.normalOps("darts-s2");
        assertThat(new DartsSpace("darts-s2", DartsSpace.uniform(List.of("sep_conv_3x3")), s2).cells().get("normal"))
                .allMatch(e -> e.ops().equals(List.of("sep_conv_3x3")));
        assertThatThrownBy(() -> new DartsSpace("darts-s2", DartsSpace.uniform(List.of("skip_connect", "noise")), s2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("space darts-s2 has no op 'noise' on normal edge 0->2: expected a subset of skip_connect, sep_conv_3x3");
    }

    /**
     * S1 has no none: each edge's best op is the larger of its two, and edges rank by it. Normal:
     * the first op scores 0.3 + 0.01 * e, the second 0.7 - 0.01 * e (so the second wins up to edge
     * 19 but by a shrinking margin, all strengths differ); reduce: the first op wins on odd edges.
     */
    @Test
    void s1PicksTheStrongerOfEachEdgesPair() {
        double[][] normal = new double[14][];
        double[][] reduce = new double[14][];
        for (int e = 0; e < 14; e++) {
            normal[e] = new double[] {0.3 + 0.01 * e, 0.7 - 0.01 * e};
            reduce[e] = e % 2 == 1 ? new double[] {0.6 + 0.01 * e, 0.4 - 0.01 * e} : new double[] {0.45, 0.55};
        }
        DartsGenotype g = (DartsGenotype) Spaces.byName("darts-s1").discretize(Map.of("normal", normal, "reduce", reduce));
        assertThat(g.space()).isEqualTo("darts-s1");
        // normal: second op everywhere, strength 0.7 - 0.01 e: the lowest edges of each node win
        // node 2: edges 0 (0->2 dil3), 1 (1->2 dil5); node 3: 2 (0->3 dil5), 3 (1->3 sep3);
        // node 4: 5 (0->4 skip), 6 (1->4 sep3); node 5: 9 (0->5 sep3), 10 (1->5 skip)
        assertThat(g.normal()).containsExactly(
                new Edge("dil_conv_3x3", 0), new Edge("dil_conv_5x5", 1),
                new Edge("dil_conv_5x5", 0), new Edge("sep_conv_3x3", 1),
                new Edge("skip_connect", 0), new Edge("sep_conv_3x3", 1),
                new Edge("sep_conv_3x3", 0), new Edge("skip_connect", 1));
        // reduce: odd edges (first op, 0.6 + 0.01 e) beat even ones (0.55); per node the odd edges,
        // the later (stronger) first; a node with one odd edge takes the strongest even one next
        // node 2: 1 (1->2 max), 0 (0->2 avg); node 3: 3 (1->3 max), 2 (0->3 avg);
        // node 4: 7 (2->4 skip), 5 (0->4 max); node 5: 13 (4->5 skip), 11 (2->5 skip)
        assertThat(g.reduce()).containsExactly(
                new Edge("max_pool_3x3", 1), new Edge("avg_pool_3x3", 0),
                new Edge("max_pool_3x3", 1), new Edge("avg_pool_3x3", 0),
                new Edge("skip_connect", 2), new Edge("max_pool_3x3", 0),
                new Edge("skip_connect", 4), new Edge("skip_connect", 2));
    }

    /** S3: none is ignored for ranking edges and choosing ops, even where it dominates. */
    @Test
    void s3NeverPicksNone() {
        double[][] p = new double[14][];
        for (int e = 0; e < 14; e++) {
            // none 0.8 everywhere; skip beats sep on even edges; real strength grows with the edge
            double strong = 0.15 + 0.001 * e;
            p[e] = e % 2 == 0 ? new double[] {0.8, strong, 0.05} : new double[] {0.8, 0.05, strong};
        }
        DartsGenotype g = (DartsGenotype) Spaces.byName("darts-s3").discretize(Map.of("normal", p, "reduce", p));
        assertThat(g.space()).isEqualTo("darts-s3");
        // per node the two last edges, the later first; even edges skip, odd edges sep3
        assertThat(g.normal()).containsExactly(
                new Edge("sep_conv_3x3", 1), new Edge("skip_connect", 0),
                new Edge("skip_connect", 2), new Edge("sep_conv_3x3", 1),
                new Edge("skip_connect", 3), new Edge("sep_conv_3x3", 2),
                new Edge("sep_conv_3x3", 4), new Edge("skip_connect", 3));
        assertThat(g.reduce()).isEqualTo(g.normal());
        assertThat(g.normal()).noneMatch(e -> e.op().equals("none"));
    }

    /** S4: noise is an ordinary candidate for discretisation, chosen where it is strongest. */
    @Test
    void s4ChoosesNoiseWhereItIsStrongest() {
        double[][] normal = new double[14][];
        double[][] reduce = new double[14][];
        for (int e = 0; e < 14; e++) {
            normal[e] = new double[] {0.9 - 0.01 * e, 0.1 + 0.01 * e}; // noise wins, earlier edges stronger
            reduce[e] = new double[] {0.2, 0.8}; // sep3 wins everywhere, ties: lower inputs first
        }
        DartsGenotype g = (DartsGenotype) Spaces.byName("darts-s4").discretize(Map.of("normal", normal, "reduce", reduce));
        assertThat(g.normal()).containsExactly(
                new Edge("noise", 0), new Edge("noise", 1), new Edge("noise", 0), new Edge("noise", 1),
                new Edge("noise", 0), new Edge("noise", 1), new Edge("noise", 0), new Edge("noise", 1));
        assertThat(g.reduce()).containsExactly(
                new Edge("sep_conv_3x3", 0), new Edge("sep_conv_3x3", 1), new Edge("sep_conv_3x3", 0),
                new Edge("sep_conv_3x3", 1), new Edge("sep_conv_3x3", 0), new Edge("sep_conv_3x3", 1),
                new Edge("sep_conv_3x3", 0), new Edge("sep_conv_3x3", 1));
    }

    @Test
    void everyEdgeOfACellTypeHasTheSameOpCount() {
        for (String name : RobustDartsSpaces.NAMES) {
            for (List<EdgeSpec> edges : Spaces.byName(name).cells().values()) {
                assertThat(edges).extracting(EdgeSpec::label).containsExactlyElementsOf(LABELS);
                assertThat(edges.stream().map(e -> e.ops().size()).distinct()).as(name).hasSize(1);
            }
        }
    }
}
