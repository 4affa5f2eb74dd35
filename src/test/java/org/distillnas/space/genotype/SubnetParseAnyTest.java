package org.distillnas.space.genotype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subnet is read wherever a genotype is: as its string, as JSON, from a file; checked against its space. */
class SubnetParseAnyTest {
    static final String SMALLEST = "mbv3-small:r24:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256";
    static final String TINY_SPACE = """
            name: tiny
            resolutions: [28, 32]
            stem: {width: [8], stride: 1, activation: relu}
            stages:
              - {width: [8, 16], depth: [1, 2], kernel: [3, 5], expand: [3, 6], stride: 2, activation: relu}
            """;

    @TempDir
    Path tmp;

    @Test
    void aSubnetStringReadsAsTheSubnetWhateverCellSpaceIsTheDefault() {
        SampledSpace space = SampledSpaces.byName("mbv3-small");
        Random rng = new Random(5);
        for (int i = 0; i < 20; i++) {
            Subnet s = space.sample(rng);
            assertThat(Genotypes.parseAny(s.toString(), null)).isEqualTo(s);
            assertThat(Genotypes.parseAny(" " + s + "\n", "nb201")).isEqualTo(s);
            assertThat(Genotypes.parseAny(GenotypeJson.write(s), "darts")).isEqualTo(s);
        }
        assertThat(Genotypes.parseAny(SMALLEST, null)).isEqualTo(space.smallest());
    }

    @Test
    void malformedSubnetTextNamesTheFieldOnOneLine() {
        expect(SMALLEST.replace("24[k3e3]", "24[k3x3]"), "genotype: subnet '", "stages[2].layers[0]: 'k3x3' is not a layer");
        expect(SMALLEST.replace("32[k3e3]", "32k3e3"), "stages[3]: '32k3e3' is not a stage");
        expect(SMALLEST.replace("r24", "x24"), "resolution: 'x24', expected r<number>");
        expect(SMALLEST.replace("s8", "s-8"), "stem: '-8' is not a positive whole number");
        expect("mbv3-small:r24", "expected space:r<resolution>:s<stem>");
        expect(SMALLEST.replace("16[k3e1]", "16[k99999999999e1]"), "stages[0].layers[0]: 'k99999999999e1' is not a layer");
        expect(SMALLEST.replace("mbv3-small", "mbv3\0small"), "unknown sampling space");
    }

    @Test
    void valuesItsSpaceDoesNotAllowNameTheFieldAndTheChoices() {
        expect(SMALLEST.replace("r24", "r30"), "genotype: subnet '", ": resolution: 30, expected one of 24, 28, 32");
        expect(SMALLEST.replace("48[k3e3]", "48[k7e3]"), "stages[4].layers[0].kernel: 7, expected one of 3, 5");
        expect(SMALLEST.replace(":l192", ":l100"), "last_conv: 100, expected one of 192, 256");
        expect(SMALLEST.replace("mbv3-small", "no-such-space"), "genotype: unknown sampling space 'no-such-space'",
                "mbv3-small, mbv3-slim, attentive-nas, cream-mbv3");
        String json = GenotypeJson.write(SampledSpaces.byName("mbv3-small").smallest()).replace("\"stem\": 8", "\"stem\": 12");
        assertThatThrownBy(() -> Genotypes.parseAny(json, null, "g.json")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("g.json: subnet '").hasMessageEndingWith(": stem: 12, expected one of 8, 16");
    }

    @Test
    void aSubnetOfASpaceFileIsCheckedAgainstTheFileGivenAsItsSpace() throws Exception {
        Path file = tmp.resolve("tiny.yaml");
        Files.writeString(file, TINY_SPACE);
        String subnet = "tiny:r32:s8:16[k3e3,k5e6]";
        assertThat(Genotypes.parseAny(subnet, file.toString())).hasToString(subnet);
        expect(subnet, "unknown sampling space 'tiny'");
        assertThatThrownBy(() -> Genotypes.parseAny(subnet.replace("k5e6", "k5e4"), file.toString()))
                .hasMessageEndingWith("stages[0].layers[1].expand: 4, expected one of 3, 6");
        assertThat(SampledSpaces.reference((Subnet) Genotypes.parseAny(subnet, file.toString()), file.toString()))
                .isEqualTo(file.toAbsolutePath().toString());
        assertThat(SampledSpaces.reference(Subnet.parse(SMALLEST), "darts")).isEqualTo("mbv3-small");
    }

    @Test
    void aFileHoldingASubnetStringIsReadAndNamedInErrors() throws Exception {
        Path file = tmp.resolve("arch.txt");
        Files.writeString(file, SMALLEST + "\n");
        assertThat(Genotypes.readAny(file.toString(), null)).hasToString(SMALLEST);
        Files.writeString(file, SMALLEST.replace("r24", "r25"));
        assertThatThrownBy(() -> Genotypes.readAny(file.toString(), null))
                .hasMessageStartingWith(file + ": subnet '").hasMessageEndingWith("resolution: 25, expected one of 24, 28, 32");
        assertThatThrownBy(() -> Genotypes.parseAny("neither", null)).hasMessageContaining("or a subnet space:r<resolution>");
    }

    private static void expect(String text, String... fragments) {
        assertThatThrownBy(() -> Genotypes.parseAny(text, null)).isInstanceOf(BadInputException.class)
                .hasMessageNotContaining("\n").satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }
}
