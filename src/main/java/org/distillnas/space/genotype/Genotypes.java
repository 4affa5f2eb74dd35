package org.distillnas.space.genotype;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.space.SampledSpaces;
import org.distillnas.util.BadInputException;

/**
 * Reading a genotype from whatever form a user pastes, and a few published genotypes for tests and
 * documentation.
 *
 * <p>The published DARTS genotypes are copied edge by edge from the papers' released genotype
 * files; the tests check them against the Python reprs printed there.
 */
public final class Genotypes {
    private Genotypes() {}

    /** DARTS (first order), CIFAR-10, from the DARTS paper's code ({@code DARTS_V1}). */
    public static final DartsGenotype DARTS_V1 = darts(
            cell("sep_conv_3x3", 1, "sep_conv_3x3", 0, "skip_connect", 0, "sep_conv_3x3", 1,
                    "skip_connect", 0, "sep_conv_3x3", 1, "sep_conv_3x3", 0, "skip_connect", 2),
            cell("max_pool_3x3", 0, "max_pool_3x3", 1, "skip_connect", 2, "max_pool_3x3", 0,
                    "max_pool_3x3", 0, "skip_connect", 2, "skip_connect", 2, "avg_pool_3x3", 0));

    /** DARTS (second order), CIFAR-10, the paper's main result ({@code DARTS_V2}, also {@code DARTS}). */
    public static final DartsGenotype DARTS_V2 = darts(
            cell("sep_conv_3x3", 0, "sep_conv_3x3", 1, "sep_conv_3x3", 0, "sep_conv_3x3", 1,
                    "sep_conv_3x3", 1, "skip_connect", 0, "skip_connect", 0, "dil_conv_3x3", 2),
            cell("max_pool_3x3", 0, "max_pool_3x3", 1, "skip_connect", 2, "max_pool_3x3", 1,
                    "max_pool_3x3", 0, "skip_connect", 2, "skip_connect", 2, "max_pool_3x3", 1));

    /** PC-DARTS, CIFAR-10 ({@code PC_DARTS_cifar} in the PC-DARTS code); edges not sorted by input. */
    public static final DartsGenotype PC_DARTS_CIFAR = darts(
            cell("sep_conv_3x3", 1, "skip_connect", 0, "sep_conv_3x3", 0, "dil_conv_3x3", 1,
                    "sep_conv_5x5", 0, "sep_conv_3x3", 1, "avg_pool_3x3", 0, "dil_conv_3x3", 1),
            cell("sep_conv_5x5", 1, "max_pool_3x3", 0, "sep_conv_5x5", 1, "sep_conv_5x5", 2,
                    "sep_conv_3x3", 0, "sep_conv_3x3", 3, "sep_conv_3x3", 1, "sep_conv_3x3", 2));

    /**
     * The NAS-Bench-201 cell made only of skip connections: where DARTS collapses on that space,
     * as reported in the NAS-Bench-201 paper.
     */
    public static final Nb201Genotype NB201_ALL_SKIP =
            Nb201Genotype.parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|");

    /** The all-3x3-convolution NAS-Bench-201 cell: the largest cell of the space. */
    public static final Nb201Genotype NB201_ALL_CONV3 =
            Nb201Genotype.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");

    /** Same as {@link #parseAny(String, String, String)} with origin "genotype". */
    public static Genotype parseAny(String text, String defaultSpace) {
        return parseAny(text, defaultSpace, "genotype");
    }

    /**
     * A genotype given on a command line: the path of a file holding any form {@link #parseAny}
     * reads (a genotype.json, or a text file with one subnet string), or the text itself.
     */
    public static Genotype readAny(String fileOrText, String defaultSpace) {
        Path file = fileOrText == null || fileOrText.isBlank() ? null : Path.of(fileOrText);
        if (file != null && Files.isRegularFile(file)) {
            return parseAny(GenotypeJson.readText(file), defaultSpace, file.toString());
        }
        return parseAny(fileOrText, defaultSpace);
    }

    /**
     * Reads a genotype in any of the forms users meet: the JSON file format ({@link GenotypeJson}),
     * a bare NAS-Bench-201 string starting with '|', the DARTS code's Python repr
     * {@code Genotype(normal=[...], normal_concat=..., reduce=[...], reduce_concat=...)}, or a
     * subnet's one-line string {@code mbv3-small:r32:s16:...} ({@link Subnet}). A subnet, in JSON or
     * as a string, is checked against its sampling space here, so that a value the space does not
     * allow is reported before anything is built or written.
     *
     * @param defaultSpace the space given to a Python repr, which does not carry one: a name from
     *     {@link DartsGenotype#SPACES}, or null for "darts". For a subnet, a sampling space (a
     *     built-in name or a space file) to check it against instead of the one it names, which is
     *     how subnets of a user's space file are read. JSON and NAS-Bench-201 strings name their own
     *     space, so it is not used for them, nor is a cell space's name for a subnet.
     * @param origin names the text's source (a file, an option) in error messages
     */
    public static Genotype parseAny(String text, String defaultSpace, String origin) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("{")) {
            return checked(GenotypeJson.read(t, origin), defaultSpace, origin);
        }
        try {
            if (t.startsWith("|")) {
                return Nb201Genotype.parse(t);
            }
            if (t.startsWith("Genotype")) {
                String space = defaultSpace == null ? DartsGenotype.SPACES.get(0) : defaultSpace;
                if (!DartsGenotype.SPACES.contains(space)) {
                    throw new BadInputException("a DARTS genotype cannot belong to space '" + space
                            + "', expected one of " + String.join(", ", DartsGenotype.SPACES));
                }
                return DartsRepr.parse(t, space);
            }
            if (t.contains(":") && !t.contains("\n")) {
                return checked(Subnet.parse(t), defaultSpace, origin);
            }
        } catch (BadInputException e) {
            throw e.getMessage().startsWith(origin + ": ") ? e : new BadInputException(origin + ": " + e.getMessage(), e);
        }
        String shown = t.length() <= 40 ? t : t.substring(0, 37) + "...";
        throw new BadInputException(origin + ": unrecognised genotype '" + shown.replaceAll("\\s+", " ")
                + "', expected JSON {\"space\": ...}, a NAS-Bench-201 string |op~0|+|...|, Genotype(normal=[...], ...)"
                + " or a subnet space:r<resolution>:s<stem>:<width>[<layers>]:...");
    }

    /** {@code g}, after checking a subnet against its sampling space. */
    private static Genotype checked(Genotype g, String spaceOption, String origin) {
        if (g instanceof Subnet s) {
            try {
                SampledSpaces.of(s, spaceOption);
            } catch (BadInputException e) {
                throw new BadInputException(origin + ": " + e.getMessage(), e);
            }
        }
        return g;
    }

    private static DartsGenotype darts(List<Edge> normal, List<Edge> reduce) {
        List<Integer> concat = List.of(2, 3, 4, 5);
        return new DartsGenotype("darts", normal, concat, reduce, concat);
    }

    /** Edges from alternating op names and inputs, to keep the constants above readable. */
    private static List<Edge> cell(Object... opsAndInputs) {
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < opsAndInputs.length; i += 2) {
            edges.add(new Edge((String) opsAndInputs[i], (Integer) opsAndInputs[i + 1]));
        }
        return edges;
    }
}
