package org.distillnas.space.genotype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.distillnas.space.Primitives;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Nb201GenotypeTest {
    private static final String ARCH =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    @Test
    void parsesAndPrintsTheBenchmarkStringExactly() {
        Nb201Genotype g = Nb201Genotype.parse(ARCH);

        assertThat(g.arch()).isEqualTo(ARCH);
        assertThat(g.toString()).isEqualTo(ARCH);
        assertThat(g.space()).isEqualTo("nb201");
        assertThat(g.nodes()).hasSize(3);
        assertThat(g.nodes().get(1)).containsExactly(new Edge("nor_conv_3x3", 0), new Edge("avg_pool_3x3", 1));
        assertThat(Nb201Genotype.parse("  " + ARCH + "\n")).isEqualTo(g);
    }

    @Test
    void opLooksUpEdgesByTargetAndSourceNode() {
        Nb201Genotype g = Nb201Genotype.parse(ARCH);

        assertThat(g.op(1, 0)).isEqualTo("nor_conv_3x3");
        assertThat(g.op(2, 1)).isEqualTo("avg_pool_3x3");
        assertThat(g.op(3, 0)).isEqualTo("skip_connect");
        assertThat(g.op(3, 2)).isEqualTo("skip_connect");
        assertThatThrownBy(() -> g.op(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.op(4, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsAreImmutableAndEqualByValue() {
        Nb201Genotype a = Nb201Genotype.parse(ARCH);
        Nb201Genotype b = new Nb201Genotype(a.nodes());

        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThatThrownBy(() -> a.nodes().get(0).add(new Edge("none", 0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void enumeratesAll15625CellsWhichRoundTrip() {
        List<Nb201Genotype> all = Nb201Genotype.enumerate();

        assertThat(all).hasSize(Nb201Genotype.COUNT).hasSize(15_625);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            Nb201Genotype g = all.get(i);
            assertThat(Nb201Genotype.parse(g.arch())).isEqualTo(g);
            assertThat(g.index()).isEqualTo(i);
            seen.add(g.arch());
        }
        assertThat(seen).hasSize(15_625);
        assertThat(all.get(0).arch()).isEqualTo("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        assertThat(all.get(1).arch()).isEqualTo("|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|");
        assertThat(all.get(15_624).arch())
                .isEqualTo("|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|");
        assertThat(Nb201Genotype.enumerate()).isEqualTo(all);
        assertThatThrownBy(() -> Nb201Genotype.fromIndex(15_625)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        // input; expected part of the message
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "node 2 has 1 edge, expected 2",
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|conv9~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "unknown op 'conv9' at node 2, edge 1: expected one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3",
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~5|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "edge 'nor_conv_3x3~5' of node 2 takes input 5, expected 0..1",
        "nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "expected it to start and end with '|'",
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2;"
                + "expected it to start and end with '|'",
        "|nor_conv_3x3~0+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "node 1 is '|nor_conv_3x3~0', expected edges between bars like |op~0|",
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|;"
                + "it has 2 nodes separated by '+', expected 3",
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|+|none~0|;"
                + "it has 4 nodes separated by '+', expected 3",
        "|nor_conv_3x3~0|+|avg_pool_3x3~1|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "edge 'avg_pool_3x3~1' of node 2 is in position 0, expected input 0 there: edges must be in input order 0..1",
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "edge 'nor_conv_3x3~0' of node 2 is in position 1, expected input 1 there",
        "|nor_conv_3x3|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "edge 'nor_conv_3x3' of node 1 is not op~input",
        "|nor_conv_3x3~x|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "edge 'nor_conv_3x3~x' of node 1 has input 'x', expected a node number",
        "|nor_conv_3x3~-1|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "has input '-1', expected a node number",
        "|nor_conv_3x3~0|+|nor_conv_3x3~0||avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "node 2 has an empty edge ('||')",
        "|NOR_CONV_3X3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|;"
                + "unknown op 'NOR_CONV_3X3' at node 1, edge 0",
    })
    void rejectsMalformedStringsSayingWhereAndWhy(String arch, String expected) {
        assertThatThrownBy(() -> Nb201Genotype.parse(arch))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("malformed NAS-Bench-201 genotype '" + arch + "': ")
                .hasMessageContaining(expected)
                .hasMessageNotContaining("\n");
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> Nb201Genotype.parse("  "))
                .isInstanceOf(BadInputException.class)
                .hasMessage("malformed NAS-Bench-201 genotype: it is empty, expected |op~0|+|op~0|op~1|+|op~0|op~1|op~2|");
        assertThatThrownBy(() -> Nb201Genotype.parse(null)).isInstanceOf(BadInputException.class);
    }

    @Test
    void constructorValidatesToo() {
        List<List<Edge>> twoNodes = List.of(List.of(new Edge(Primitives.SKIP, 0)),
                List.of(new Edge(Primitives.SKIP, 0), new Edge(Primitives.SKIP, 1)));

        assertThatThrownBy(() -> new Nb201Genotype(twoNodes))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid NAS-Bench-201 genotype: it has 2 nodes, expected 3");
        assertThatThrownBy(() -> new Nb201Genotype(List.of(
                        List.of(new Edge("sep_conv_3x3", 0)),
                        List.of(new Edge(Primitives.SKIP, 0), new Edge(Primitives.SKIP, 1)),
                        List.of(new Edge(Primitives.SKIP, 0), new Edge(Primitives.SKIP, 1), new Edge(Primitives.SKIP, 2)))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown op 'sep_conv_3x3' at node 1, edge 0");
    }
}
