package org.distillnas.space.genotype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distillnas.mutation.JsonMutations;
import org.distillnas.mutation.MemoryTempDir;
import org.distillnas.mutation.MutationRun;
import org.distillnas.mutation.Mutations;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Genotype files and pasted genotype strings that were cut short, had characters changed, or hold
 * values of the wrong type or size: {@link GenotypeJson} and {@link Genotypes#parseAny} read them
 * or refuse them with one line naming where they came from.
 */
class GenotypeMutationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORIGIN = "--genotype-option";
    /** Characters that mean something in one of the three forms, and a few that mean nothing. */
    private static final String SPECIAL = "|~+[](),'\"{}:-0123456789 \n\t\u0000é";
    private static final String[] NUMBERS = {"-1", "2147483648", "99999999999999999999", "1e400", "999999999", "0"};

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @Test
    void damagedGenotypeFilesAreReadOrRefusedByName() {
        MutationRun.Tally t = MutationRun.of("genotype-file", 31_337L, 2_000).run((r, index) -> {
            byte[] valid = GenotypeJson.write(randomGenotype(r)).getBytes(StandardCharsets.UTF_8);
            Mutations.Mutated m = r.nextBoolean() ? Mutations.any(valid, r) : JsonMutations.mutate(JSON.readTree(valid), r);
            Path file = Files.write(dir.resolve("genotype" + index + ".json"), m.bytes());
            return new MutationRun.Input(file, m.how());
        }, in -> assertValid(GenotypeJson.read(in.file())));
        assertThat(t.rejected()).isGreaterThan(t.cases() / 2);
        assertThat(t.accepted()).isPositive();
    }

    @Test
    void damagedGenotypeStringsAreReadOrRefusedByOrigin() {
        MutationRun.Tally t = MutationRun.of("genotype-text", 27_182L, 2_000).run((r, index) -> {
            Genotype g = randomGenotype(r);
            String text = switch (r.nextInt(3)) {
                case 0 -> GenotypeJson.write(g);
                case 1 -> g instanceof DartsGenotype d ? DartsRepr.format(d).replace("normal_concat=[2, 3, 4, 5]",
                        "normal_concat=range(2, 6)") : ((Nb201Genotype) g).arch();
                default -> g instanceof DartsGenotype d ? DartsRepr.format(d) : ((Nb201Genotype) g).arch();
            };
            TextMutation m = damage(text, r);
            // The reader takes text, not a file; the file only carries it to the reader and back.
            Path file = Files.writeString(dir.resolve("text" + index + ".txt"), m.text(), StandardCharsets.UTF_8);
            return new MutationRun.Input(file, m.how(), ORIGIN);
        }, in -> assertValid(Genotypes.parseAny(Files.readString(in.file(), StandardCharsets.UTF_8), "darts", ORIGIN)));
        assertThat(t.rejected()).isGreaterThan(t.cases() / 2);
        assertThat(t.accepted()).isPositive();
    }

    /** {@code range(2, 999999999)} must not build a list of a billion node ids before failing. */
    @Test
    @Timeout(5)
    void aHugeConcatRangeIsRefusedWithoutBuildingIt() {
        String text = DartsRepr.format(Genotypes.DARTS_V2).replace("normal_concat=[2, 3, 4, 5]",
                "normal_concat=range(2, 999999999)");
        assertThatThrownBy(() -> Genotypes.parseAny(text, "darts", ORIGIN))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(ORIGIN)
                .hasMessageContaining("999999999");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedByName() throws Exception {
        Path file = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        assertThatThrownBy(() -> GenotypeJson.read(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("UTF-8");
    }

    /** A genotype read back must be one its own writer reproduces exactly. */
    private static void assertValid(Genotype g) {
        assertThat(GenotypeJson.read(GenotypeJson.write(g), "round trip")).isEqualTo(g);
    }

    private record TextMutation(String text, String how) {}

    private static TextMutation damage(String text, Random r) {
        int at = r.nextInt(text.length());
        switch (r.nextInt(4)) {
            case 0:
                return new TextMutation(text.substring(0, at), "cut to " + at + " of " + text.length() + " characters");
            case 1: {
                char c = SPECIAL.charAt(r.nextInt(SPECIAL.length()));
                return new TextMutation(text.substring(0, at) + c + text.substring(at + 1),
                        "character " + at + " set to U+" + Integer.toHexString(c));
            }
            case 2: {
                char c = SPECIAL.charAt(r.nextInt(SPECIAL.length()));
                return new TextMutation(text.substring(0, at) + c + text.substring(at),
                        "U+" + Integer.toHexString(c) + " inserted at " + at);
            }
            default: {
                List<Integer> digits = new ArrayList<>();
                for (int i = 0; i < text.length(); i++) {
                    if (Character.isDigit(text.charAt(i))) {
                        digits.add(i);
                    }
                }
                if (digits.isEmpty()) {
                    return new TextMutation(text, "unchanged (no number to inflate)");
                }
                int d = digits.get(r.nextInt(digits.size()));
                String n = NUMBERS[r.nextInt(NUMBERS.length)];
                return new TextMutation(text.substring(0, d) + n + text.substring(d + 1),
                        "digit at " + d + " replaced with " + n);
            }
        }
    }

    /** A random NAS-Bench-201 cell, or a random valid DARTS genotype of a random space. */
    static Genotype randomGenotype(Random r) {
        if (r.nextInt(3) == 0) {
            return Nb201Genotype.fromIndex(r.nextInt(Nb201Genotype.COUNT));
        }
        String space = DartsGenotype.SPACES.get(r.nextInt(DartsGenotype.SPACES.size()));
        List<Integer> concat = List.of(2, 3, 4, 5);
        return new DartsGenotype(space, randomCell(space, DartsSpace.NORMAL, r), concat,
                randomCell(space, DartsSpace.REDUCE, r), concat);
    }

    private static List<Edge> randomCell(String space, String cell, Random r) {
        List<Edge> edges = new ArrayList<>();
        for (int node = 2; node < 6; node++) {
            int first = r.nextInt(node);
            int second = (first + 1 + r.nextInt(node - 1)) % node;
            for (int input : new int[] {first, second}) {
                List<String> ops = DartsSpace.genotypeOps(space, cell, input, node);
                edges.add(new Edge(ops.get(r.nextInt(ops.size())), input));
            }
        }
        return edges;
    }
}
