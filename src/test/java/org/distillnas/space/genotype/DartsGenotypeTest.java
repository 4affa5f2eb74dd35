package org.distillnas.space.genotype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class DartsGenotypeTest {
    private static final List<Integer> CONCAT = List.of(2, 3, 4, 5);

    private static DartsGenotype withNormal(List<Edge> normal) {
        return new DartsGenotype("darts", normal, CONCAT, Genotypes.DARTS_V2.reduce(), CONCAT);
    }

    private static List<Edge> v2NormalWith(int entry, Edge edge) {
        List<Edge> edges = new ArrayList<>(Genotypes.DARTS_V2.normal());
        edges.set(entry, edge);
        return edges;
    }

    @Test
    void publishedGenotypesAreValid() {
        assertThat(Genotypes.DARTS_V2.space()).isEqualTo("darts");
        assertThat(Genotypes.DARTS_V2.normal()).hasSize(8);
        assertThat(Genotypes.DARTS_V2.normalNodes()).isEqualTo(4);
        assertThat(Genotypes.DARTS_V2.reduceNodes()).isEqualTo(4);
        assertThat(Genotypes.DARTS_V2.normal().get(7)).isEqualTo(new Edge("dil_conv_3x3", 2));
        assertThat(Genotypes.DARTS_V2.reduce().get(7)).isEqualTo(new Edge("max_pool_3x3", 1));
        assertThat(Genotypes.DARTS_V1.reduce().get(7)).isEqualTo(new Edge("avg_pool_3x3", 0));
        assertThat(Genotypes.PC_DARTS_CIFAR.reduce().get(5)).isEqualTo(new Edge("sep_conv_3x3", 3));
    }

    @Test
    void acceptsEverySpaceWithItsOwnOps() {
        RobustGenotypes.BY_SPACE.forEach((space, g) -> assertThat(g.withSpace(space)).isEqualTo(g));
        assertThat(RobustGenotypes.S4.normal().get(1).op()).isEqualTo("noise");
        // S2 and S3 offer the same real ops; the DARTS space offers every op of S1-S3
        assertThat(RobustGenotypes.S2.withSpace("darts-s3").space()).isEqualTo("darts-s3");
        for (DartsGenotype g : List.of(RobustGenotypes.S1, RobustGenotypes.S2, RobustGenotypes.S3)) {
            assertThat(g.withSpace("darts").space()).isEqualTo("darts");
        }
        assertThat(DartsGenotype.ALLOWED_OPS).contains("noise", "skip_connect", "dil_conv_5x5").doesNotContain("none");
    }

    @Test
    void rejectsOpsOfOtherSpaces() {
        assertThatThrownBy(() -> withNormal(v2NormalWith(0, new Edge("noise", 0))))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: op 'noise' in normal cell, node 2 (entry 0, edge 0->2) is not an op of"
                        + " space darts on that edge: expected one of max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3,"
                        + " sep_conv_5x5, dil_conv_3x3, dil_conv_5x5");
        assertThatThrownBy(() -> Genotypes.DARTS_V2.withSpace("darts-s2"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: op 'dil_conv_3x3' in normal cell, node 5 (entry 7, edge 2->5) is not an op"
                        + " of space darts-s2 on that edge: expected one of skip_connect, sep_conv_3x3");
        assertThatThrownBy(() -> RobustGenotypes.S2.withSpace("darts-s4"))
                .hasMessage("invalid DARTS genotype: op 'skip_connect' in normal cell, node 3 (entry 3, edge 1->3) is not an op"
                        + " of space darts-s4 on that edge: expected one of noise, sep_conv_3x3");
    }

    /** S1 offers each op only on some edges: sep_conv_3x3 is valid on 1->3 but not on 1->2. */
    @Test
    void s1ChecksEachEdgeAgainstItsOwnPair() {
        List<Edge> normal = new ArrayList<>(RobustGenotypes.S1.normal());
        normal.set(0, new Edge("sep_conv_3x3", 1));
        assertThatThrownBy(() -> new DartsGenotype("darts-s1", normal, CONCAT, RobustGenotypes.S1.reduce(), CONCAT))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: op 'sep_conv_3x3' in normal cell, node 2 (entry 0, edge 1->2) is not an op"
                        + " of space darts-s1 on that edge: expected one of skip_connect, dil_conv_5x5");
        List<Edge> reduce = new ArrayList<>(RobustGenotypes.S1.reduce());
        reduce.set(6, new Edge("dil_conv_3x3", 4)); // 4->5 offers skip and dil5 in the reduction cell
        assertThatThrownBy(() -> new DartsGenotype("darts-s1", RobustGenotypes.S1.normal(), CONCAT, reduce, CONCAT))
                .hasMessage("invalid DARTS genotype: op 'dil_conv_3x3' in reduce cell, node 5 (entry 6, edge 4->5) is not an op"
                        + " of space darts-s1 on that edge: expected one of skip_connect, dil_conv_5x5");
    }

    @Test
    void noneIsNeverAcceptedEvenInS3() {
        List<Edge> normal = new ArrayList<>(RobustGenotypes.S3.normal());
        normal.set(2, new Edge("none", 2));
        assertThatThrownBy(() -> new DartsGenotype("darts-s3", normal, CONCAT, RobustGenotypes.S3.reduce(), CONCAT))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: op 'none' in normal cell, node 3 (entry 2, edge 2->3) is not an op"
                        + " of space darts-s3 on that edge: expected one of skip_connect, sep_conv_3x3");
    }

    /** A fifth intermediate node: fine where every edge has the same ops, undefined in S1. */
    @Test
    void extraNodesNeedAUniformSpace() {
        List<Edge> fiveNodes = new ArrayList<>(RobustGenotypes.S2.normal());
        fiveNodes.add(new Edge("sep_conv_3x3", 5));
        fiveNodes.add(new Edge("skip_connect", 0));
        List<Integer> concat = List.of(2, 3, 4, 5, 6);
        assertThat(new DartsGenotype("darts-s2", fiveNodes, concat, RobustGenotypes.S2.reduce(), CONCAT).normalNodes())
                .isEqualTo(5);
        List<Edge> s1 = new ArrayList<>(RobustGenotypes.S1.normal());
        s1.add(new Edge("skip_connect", 5));
        s1.add(new Edge("skip_connect", 0));
        assertThatThrownBy(() -> new DartsGenotype("darts-s1", s1, concat, RobustGenotypes.S1.reduce(), CONCAT))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: op 'skip_connect' in normal cell, node 6 (entry 8, edge 5->6):"
                        + " space darts-s1 defines its edges' ops up to node 5 only");
    }

    @Test
    void rejectsAnOddNumberOfEdges() {
        List<Edge> seven = Genotypes.DARTS_V2.normal().subList(0, 7);
        assertThatThrownBy(() -> withNormal(seven))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: normal cell has 7 edges, expected a positive even number"
                        + " (2 per intermediate node, 8 in the papers)");
        assertThatThrownBy(() -> withNormal(List.of()))
                .hasMessageContaining("normal cell has 0 edges");
    }

    @Test
    void rejectsAnInputThatIsNotAnEarlierNode() {
        assertThatThrownBy(() -> withNormal(v2NormalWith(3, new Edge("sep_conv_3x3", 3))))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: normal cell node 3 (entry 3) takes input 3, expected 0..2");
        assertThatThrownBy(() -> withNormal(v2NormalWith(0, new Edge("sep_conv_3x3", -1))))
                .hasMessageContaining("node 2 (entry 0) takes input -1, expected 0..1");
    }

    @Test
    void rejectsANodeWhoseTwoEdgesShareAnInput() {
        assertThatThrownBy(() -> withNormal(v2NormalWith(1, new Edge("sep_conv_3x3", 0))))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: normal cell node 2 takes input 0 twice (entries 0 and 1),"
                        + " expected two different inputs");
    }

    @Test
    void rejectsOpsOutsideTheAllowedSet() {
        assertThatThrownBy(() -> withNormal(v2NormalWith(4, new Edge("none", 1))))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: op 'none' in normal cell, node 4 (entry 4, edge 1->4) is not an op of"
                        + " space darts on that edge: expected one of max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3,"
                        + " sep_conv_5x5, dil_conv_3x3, dil_conv_5x5");
        assertThatThrownBy(() -> Genotypes.DARTS_V2.checkOps(List.of("skip_connect", "sep_conv_3x3")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("op 'dil_conv_3x3' in normal cell, node 5 (entry 7): expected one of skip_connect, sep_conv_3x3");
        assertThat(Genotypes.DARTS_V2.checkOps(DartsGenotype.ALLOWED_OPS)).isSameAs(Genotypes.DARTS_V2);
    }

    @Test
    void rejectsBadConcatLists() {
        List<Edge> n = Genotypes.DARTS_V2.normal();
        List<Edge> r = Genotypes.DARTS_V2.reduce();
        assertThatThrownBy(() -> new DartsGenotype("darts", n, List.of(2, 3, 6), r, CONCAT))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: normal_concat [2, 3, 6] has node 6, expected intermediate node ids 2..5");
        assertThatThrownBy(() -> new DartsGenotype("darts", n, CONCAT, r, List.of(2, 2)))
                .hasMessage("invalid DARTS genotype: reduce_concat [2, 2] lists node 2 twice");
        assertThatThrownBy(() -> new DartsGenotype("darts", n, List.of(), r, CONCAT))
                .hasMessage("invalid DARTS genotype: normal_concat is empty, expected node ids 2..5");
        assertThatThrownBy(() -> new DartsGenotype("darts", n, List.of(0, 2), r, CONCAT))
                .hasMessageContaining("has node 0, expected intermediate node ids 2..5");
    }

    @Test
    void rejectsUnknownSpaces() {
        assertThatThrownBy(() -> Genotypes.DARTS_V2.withSpace("nb201"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: unknown space 'nb201', expected one of darts, darts-s1, darts-s2, darts-s3, darts-s4");
    }

    @Test
    void acceptsOtherNodeCountsLikeTheOriginalCode() {
        List<Edge> twoNodes = Genotypes.DARTS_V2.normal().subList(0, 4);
        DartsGenotype g = new DartsGenotype("darts", twoNodes, List.of(2, 3), twoNodes, List.of(3));
        assertThat(g.normalNodes()).isEqualTo(2);
    }
}
