package org.distillnas.space.genotype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class GenotypesTest {
    private static final String ARCH =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    @Test
    void readsEveryForm() {
        assertThat(Genotypes.parseAny(ARCH, null)).isEqualTo(Nb201Genotype.parse(ARCH));
        assertThat(Genotypes.parseAny("\n " + ARCH + " \n", "darts")).isEqualTo(Nb201Genotype.parse(ARCH));
        assertThat(Genotypes.parseAny(GenotypeJson.write(RobustGenotypes.S3), "darts")).isEqualTo(RobustGenotypes.S3);
        assertThat(Genotypes.parseAny(GenotypeJson.write(Genotypes.NB201_ALL_CONV3), null))
                .isEqualTo(Genotypes.NB201_ALL_CONV3);
        assertThat(Genotypes.parseAny(DartsReprTest.DARTS_V2, null)).isEqualTo(Genotypes.DARTS_V2);
        assertThat(Genotypes.parseAny(DartsReprTest.PC_DARTS, "darts")).isEqualTo(Genotypes.PC_DARTS_CIFAR);
        assertThat(Genotypes.parseAny(DartsRepr.format(RobustGenotypes.S1), "darts-s1")).isEqualTo(RobustGenotypes.S1);
    }

    @Test
    void errorsNameTheOrigin() {
        assertThatThrownBy(() -> Genotypes.parseAny("resnet", null, "--genotype"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--genotype: unrecognised genotype 'resnet', expected JSON {\"space\": ...},"
                        + " a NAS-Bench-201 string |op~0|+|...|, Genotype(normal=[...], ...)"
                        + " or a subnet space:r<resolution>:s<stem>:<width>[<layers>]:...");
        assertThatThrownBy(() -> Genotypes.parseAny("|none~0|", null, "--genotype"))
                .hasMessageStartingWith("--genotype: malformed NAS-Bench-201 genotype '|none~0|': it has 1 node");
        assertThatThrownBy(() -> Genotypes.parseAny("Genotype(normal=[])", null, "cell.txt"))
                .hasMessageStartingWith("cell.txt: malformed DARTS genotype");
        assertThatThrownBy(() -> Genotypes.parseAny("{", null, "cell.json"))
                .hasMessageStartingWith("cell.json: malformed JSON at line 1");
        assertThatThrownBy(() -> Genotypes.parseAny("", null))
                .hasMessageStartingWith("genotype: unrecognised genotype ''");
    }

    @Test
    void aPythonReprNeedsADartsSpace() {
        assertThatThrownBy(() -> Genotypes.parseAny(DartsReprTest.DARTS_V2, "nb201", "--genotype"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--genotype: a DARTS genotype cannot belong to space 'nb201', expected one of darts, darts-s1, darts-s2, darts-s3, darts-s4");
    }

    @Test
    void publishedNb201CellsAreWhatTheirNamesSay() {
        assertThat(Genotypes.NB201_ALL_SKIP.nodes()).allSatisfy(n -> assertThat(n).allMatch(e -> e.op().equals("skip_connect")));
        assertThat(Genotypes.NB201_ALL_CONV3.index()).isEqualTo(Nb201Genotype.COUNT - 1 - 1 * (1 + 5 + 25 + 125 + 625 + 3125));
    }
}
