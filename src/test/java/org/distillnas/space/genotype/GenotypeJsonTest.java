package org.distillnas.space.genotype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenotypeJsonTest {
    private static final String ARCH =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    private static final String NB201_JSON = "{\n  \"space\": \"nb201\",\n  \"arch\": \"" + ARCH + "\"\n}\n";

    private static final String DARTS_V2_JSON = """
            {
              "space": "darts",
              "normal": [
                ["sep_conv_3x3", 0],
                ["sep_conv_3x3", 1],
                ["sep_conv_3x3", 0],
                ["sep_conv_3x3", 1],
                ["sep_conv_3x3", 1],
                ["skip_connect", 0],
                ["skip_connect", 0],
                ["dil_conv_3x3", 2]
              ],
              "normal_concat": [2, 3, 4, 5],
              "reduce": [
                ["max_pool_3x3", 0],
                ["max_pool_3x3", 1],
                ["skip_connect", 2],
                ["max_pool_3x3", 1],
                ["max_pool_3x3", 0],
                ["skip_connect", 2],
                ["skip_connect", 2],
                ["max_pool_3x3", 1]
              ],
              "reduce_concat": [2, 3, 4, 5]
            }
            """;

    @Test
    void writesAndReadsNb201Exactly() {
        Nb201Genotype g = Nb201Genotype.parse(ARCH);

        assertThat(GenotypeJson.write(g)).isEqualTo(NB201_JSON);
        assertThat(GenotypeJson.read(NB201_JSON, "g.json")).isEqualTo(g);
        assertThat(GenotypeJson.read("{\"arch\":\"" + ARCH + "\",\"space\":\"nb201\"}", "g.json")).isEqualTo(g);
    }

    @Test
    void writesAndReadsDartsExactly() {
        assertThat(GenotypeJson.write(Genotypes.DARTS_V2)).isEqualTo(DARTS_V2_JSON);
        assertThat(GenotypeJson.read(DARTS_V2_JSON, "g.json")).isEqualTo(Genotypes.DARTS_V2);
        for (String space : DartsGenotype.SPACES) {
            DartsGenotype g = space.equals("darts") ? Genotypes.PC_DARTS_CIFAR : RobustGenotypes.BY_SPACE.get(space);
            assertThat(GenotypeJson.write(g)).contains("\"space\": \"" + space + "\"");
            assertThat(GenotypeJson.read(GenotypeJson.write(g), "g.json")).isEqualTo(g);
        }
    }

    @Test
    void savesAndReadsFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/genotype.json");
        GenotypeJson.save(Genotypes.DARTS_V1, file);
        assertThat(Files.readString(file)).isEqualTo(GenotypeJson.write(Genotypes.DARTS_V1));
        assertThat(GenotypeJson.read(file)).isEqualTo(Genotypes.DARTS_V1);

        GenotypeJson.save(Genotypes.NB201_ALL_SKIP, file);
        assertThat(GenotypeJson.read(file)).isEqualTo(Genotypes.NB201_ALL_SKIP);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void missingFileIsOneLine(@TempDir Path dir) {
        Path file = dir.resolve("nope.json");
        assertThatThrownBy(() -> GenotypeJson.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage("genotype file " + file + " does not exist");
    }

    @Test
    void malformedJsonNamesOriginAndLocationWithoutStackTrace() {
        String broken = "{\n  \"space\": \"nb201\",\n  \"arch\": oops\n}";
        assertThatThrownBy(() -> GenotypeJson.read(broken, "runs/a/genotype.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("runs/a/genotype.json: malformed JSON at line 3, column ")
                .hasMessageContaining("oops")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("Source")
                .hasNoCause();
        assertThatThrownBy(() -> GenotypeJson.read("{\"space\": \"nb201\", \"space\": \"darts\"}", "g.json"))
                .hasMessageStartingWith("g.json: malformed JSON at line 1, column ")
                .hasMessageContaining("Duplicate field 'space'");
        assertThatThrownBy(() -> GenotypeJson.read(NB201_JSON + "{}", "g.json"))
                .hasMessageStartingWith("g.json: malformed JSON at line ");
        assertThatThrownBy(() -> GenotypeJson.read("", "g.json"))
                .hasMessage("g.json: expected a JSON object with a \"space\" field");
        assertThatThrownBy(() -> GenotypeJson.read("[1]", "g.json"))
                .hasMessage("g.json: expected a JSON object with a \"space\" field");
    }

    @Test
    void unknownOrMissingSpaceListsTheValidOnes() {
        assertThatThrownBy(() -> GenotypeJson.read("{\"space\": \"nb301\", \"arch\": \"x\"}", "g.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("g.json: unknown space 'nb301', expected one of nb201, darts, darts-s1, darts-s2, darts-s3, darts-s4");
        assertThatThrownBy(() -> GenotypeJson.read("{\"arch\": \"x\"}", "g.json"))
                .hasMessage("g.json: missing or non-text \"space\", expected one of nb201, darts, darts-s1, darts-s2, darts-s3, darts-s4");
    }

    @Test
    void rejectsUnknownAndMissingFields() {
        assertThatThrownBy(() -> GenotypeJson.read(DARTS_V2_JSON.replace("\"reduce_concat\"", "\"reduce_cat\""), "g.json"))
                .hasMessage("g.json: unknown field \"reduce_cat\" for space 'darts', expected space, normal, normal_concat, reduce, reduce_concat");
        assertThatThrownBy(() -> GenotypeJson.read("{\"space\": \"nb201\"}", "g.json"))
                .hasMessage("g.json: missing field \"arch\"");
        assertThatThrownBy(() -> GenotypeJson.read("{\"space\": \"nb201\", \"arch\": 5}", "g.json"))
                .hasMessage("g.json: \"arch\" must be a string, got 5");
    }

    @Test
    void rejectsBadEdgesAndConcats() {
        assertThatThrownBy(() -> GenotypeJson.read(DARTS_V2_JSON.replace("[\"dil_conv_3x3\", 2]", "[\"dil_conv_3x3\", \"2\"]"), "g.json"))
                .hasMessage("g.json: normal[7] is [\"dil_conv_3x3\",\"2\"], expected [op, input] like [\"sep_conv_3x3\", 0]");
        assertThatThrownBy(() -> GenotypeJson.read(DARTS_V2_JSON.replace("[\"dil_conv_3x3\", 2]", "{\"op\": \"x\"}"), "g.json"))
                .hasMessageContaining("normal[7] is {\"op\":\"x\"}, expected [op, input]");
        assertThatThrownBy(() -> GenotypeJson.read(DARTS_V2_JSON.replace("\"reduce_concat\": [2, 3, 4, 5]", "\"reduce_concat\": [2, 3.5]"), "g.json"))
                .hasMessage("g.json: \"reduce_concat\" is [2,3.5], expected a list of node ids like [2, 3, 4, 5]");
        assertThatThrownBy(() -> GenotypeJson.read(DARTS_V2_JSON.replace("\"normal\": [", "\"normal\": 5, \"x\": ["), "g.json"))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void validationErrorsNameTheOrigin() {
        assertThatThrownBy(() -> GenotypeJson.read(DARTS_V2_JSON.replace("[\"dil_conv_3x3\", 2]", "[\"dil_conv_3x3\", 7]"), "g.json"))
                .hasMessage("g.json: invalid DARTS genotype: normal cell node 5 (entry 7) takes input 7, expected 0..4");
        assertThatThrownBy(() -> GenotypeJson.read(NB201_JSON.replace("avg_pool_3x3~1", "conv9~1"), "g.json"))
                .hasMessage("g.json: malformed NAS-Bench-201 genotype '" + ARCH.replace("avg_pool_3x3~1", "conv9~1")
                        + "': unknown op 'conv9' at node 2, edge 1: expected one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3");
    }
}
