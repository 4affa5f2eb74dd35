package org.distillnas.space.genotype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class DartsReprTest {
    // As printed in the released genotypes.py files of DARTS and PC-DARTS.
    static final String DARTS_V1 = "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), "
            + "('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], "
            + "normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
            + "('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], "
            + "reduce_concat=[2, 3, 4, 5])";
    static final String DARTS_V2 = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
            + "('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], "
            + "normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
            + "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], "
            + "reduce_concat=[2, 3, 4, 5])";
    static final String PC_DARTS = "Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), "
            + "('dil_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_3x3', 1)], "
            + "normal_concat=range(2, 6), reduce=[('sep_conv_5x5', 1), ('max_pool_3x3', 0), ('sep_conv_5x5', 1), "
            + "('sep_conv_5x5', 2), ('sep_conv_3x3', 0), ('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2)], "
            + "reduce_concat=range(2, 6))";

    @Test
    void parsesThePublishedReprsIntoTheConstants() {
        assertThat(DartsRepr.parse(DARTS_V1, "darts")).isEqualTo(Genotypes.DARTS_V1);
        assertThat(DartsRepr.parse(DARTS_V2, "darts")).isEqualTo(Genotypes.DARTS_V2);
        assertThat(DartsRepr.parse(PC_DARTS, "darts")).isEqualTo(Genotypes.PC_DARTS_CIFAR);
    }

    @Test
    void formatsExactlyAsTheDartsCodePrints() {
        assertThat(DartsRepr.format(Genotypes.DARTS_V2)).isEqualTo(DARTS_V2);
        assertThat(DartsRepr.format(Genotypes.DARTS_V1)).isEqualTo(DARTS_V1);
        assertThat(DartsRepr.parse(DartsRepr.format(Genotypes.PC_DARTS_CIFAR), "darts")).isEqualTo(Genotypes.PC_DARTS_CIFAR);
    }

    @Test
    void acceptsLayoutVariants() {
        String text = """
                Genotype(
                  normal=[("sep_conv_3x3", 0), ("sep_conv_3x3", 1), ("sep_conv_3x3", 0), ("sep_conv_3x3", 1),
                          ("sep_conv_3x3", 1), ("skip_connect", 0), ("skip_connect", 0), ("dil_conv_3x3", 2),],
                  normal_concat = [2, 3, 4, 5,],
                  reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1),
                          ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)],
                  reduce_concat=range(2, 6),
                )
                """;
        assertThat(DartsRepr.parse(text, "darts")).isEqualTo(Genotypes.DARTS_V2);
    }

    @Test
    void rangeWithOneArgumentStartsAtZero() {
        String text = DARTS_V2.replace("normal_concat=[2, 3, 4, 5]", "normal_concat=range(6)");
        assertThatThrownBy(() -> DartsRepr.parse(text, "darts"))
                .hasMessageContaining("normal_concat [0, 1, 2, 3, 4, 5] has node 0");
    }

    @Test
    void rejectsMissingAndUnknownFields() {
        assertThatThrownBy(() -> DartsRepr.parse(DARTS_V2.replace(", reduce_concat=[2, 3, 4, 5]", ""), "darts"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("malformed DARTS genotype: field 'reduce_concat' is missing, expected normal, normal_concat, reduce, reduce_concat");
        assertThatThrownBy(() -> DartsRepr.parse(DARTS_V2.replace("reduce_concat", "reduce_cat"), "darts"))
                .hasMessageStartingWith("malformed DARTS genotype at character ")
                .hasMessageContaining("unknown field 'reduce_cat', expected one of normal, normal_concat, reduce, reduce_concat");
        assertThatThrownBy(() -> DartsRepr.parse(DARTS_V2.replace("reduce_concat", "normal_concat"), "darts"))
                .hasMessageContaining("field 'normal_concat' is given twice");
    }

    @Test
    void reportsTheCharacterWhereParsingStopped() {
        assertThatThrownBy(() -> DartsRepr.parse("Genotype(normal=[('sep_conv_3x3' 0)])", "darts"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("malformed DARTS genotype at character 34: expected ',', found '0)])'");
        assertThatThrownBy(() -> DartsRepr.parse("Genotype(normal=[(sep_conv_3x3, 0)])", "darts"))
                .hasMessage("malformed DARTS genotype at character 19: expected a quoted op name, found 'sep_conv_3x3, 0)])'");
        assertThatThrownBy(() -> DartsRepr.parse("Genotype(normal=[('sep_conv_3x3', 0)]", "darts"))
                .hasMessage("malformed DARTS genotype at character 38: expected ')', found the end of the text");
        assertThatThrownBy(() -> DartsRepr.parse(DARTS_V2 + " extra", "darts"))
                .hasMessageContaining("unexpected text after the closing ')', found 'extra'");
        assertThatThrownBy(() -> DartsRepr.parse("Genotype(normal=[('sep_conv_3x3', x)])", "darts"))
                .hasMessageContaining("expected an integer, found 'x)])'");
        assertThatThrownBy(() -> DartsRepr.parse("Genome(normal=[])", "darts"))
                .hasMessage("malformed DARTS genotype at character 1: expected 'Genotype', found 'Genome(normal=[])'");
    }

    @Test
    void validatesTheParsedGenotype() {
        String dup = DARTS_V2.replace("normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1)",
                "normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 0)");
        assertThatThrownBy(() -> DartsRepr.parse(dup, "darts"))
                .hasMessageContaining("normal cell node 2 takes input 0 twice");
        assertThat(List.of(DARTS_V1, DARTS_V2, PC_DARTS)).allSatisfy(t -> DartsRepr.parse(t, "darts"));
        // the space a repr is read for decides its ops
        assertThatThrownBy(() -> DartsRepr.parse(DARTS_V2, "darts-s4"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid DARTS genotype: op 'skip_connect' in normal cell, node 4 (entry 5, edge 0->4) is not"
                        + " an op of space darts-s4 on that edge: expected one of noise, sep_conv_3x3");
        RobustGenotypes.BY_SPACE.forEach((space, g) -> assertThat(DartsRepr.parse(DartsRepr.format(g), space)).isEqualTo(g));
    }
}
