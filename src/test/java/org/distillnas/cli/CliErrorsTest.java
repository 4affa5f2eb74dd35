package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives exit status 2 and one line naming the bad value and what was expected. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    record Outcome(int status, String err) {}

    static Outcome run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Outcome(status, buf.toString(StandardCharsets.UTF_8).trim());
        } finally {
            System.setErr(oldErr);
        }
    }

    static void assertOneLine(Outcome o, String... fragments) {
        assertThat(o.status()).isEqualTo(Main.USAGE_ERROR);
        assertThat(o.err().lines().filter(l -> l.startsWith("distillnas: ")).count()).isEqualTo(1);
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(o.err()).contains(f);
        }
    }

    @Test
    void unknownSpaceListsTheSpaces() {
        assertOneLine(run("search", "--space", "nb999", "--out", tmp.resolve("r").toString()),
                "unknown space 'nb999'", "nb201", "darts", "darts-s1", "darts-s4");
    }

    @Test
    void unknownMethodListsTheMethods() {
        assertOneLine(run("search", "--method", "enas", "--out", tmp.resolve("r").toString()),
                "unknown method 'enas'", "darts", "darts-2nd");
    }

    @Test
    void unknownDatasetListsTheDatasets() {
        assertOneLine(run("search", "--dataset", "mnist3d", "--out", tmp.resolve("r").toString()),
                "mnist3d", "fashion-mnist", "cifar10");
    }

    @Test
    void missingDatasetSaysWhereAndHowAndLeavesNoRunFolder() {
        Path run = tmp.resolve("r");
        assertOneLine(run("search", "--data-dir", tmp.resolve("nothing-here").toString(), "--out", run.toString()),
                "nothing-here", "dataset-fashion-mnist", "--download");
        assertThat(run).doesNotExist();
    }

    @Test
    void malformedGenotypeSaysWhereAndWhy() {
        assertOneLine(run("cost", "|nor_conv_3x3~0|+|nor_conv_3x3~0|+|none~0|none~1|none~2|"), "malformed NAS-Bench-201 genotype", "node 2");
        assertOneLine(run("cost", "|conv_9x9~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|none~2|"),
                "conv_9x9", "nor_conv_3x3", "avg_pool_3x3");
    }

    /** A genotype file whose op is not one of its space's: the op, the edge and the space, before any training. */
    @Test
    void genotypeWithAnOpOutsideItsSpaceNamesOpAndSpace() throws Exception {
        Path f = tmp.resolve("s2.json");
        String edges = "[[\"sep_conv_3x3\", 0], [\"skip_connect\", 1], [\"sep_conv_3x3\", 0], [\"sep_conv_3x3\", 1],"
                + " [\"sep_conv_3x3\", 0], [\"sep_conv_3x3\", 1], [\"sep_conv_3x3\", 0], [\"sep_conv_3x3\", 1]]";
        Files.writeString(f, "{\"space\": \"darts-s2\", \"normal\": " + edges.replaceFirst("skip_connect", "noise")
                + ", \"normal_concat\": [2, 3, 4, 5], \"reduce\": " + edges + ", \"reduce_concat\": [2, 3, 4, 5]}");
        assertOneLine(run("train", f.toString(), "--out", tmp.resolve("m").toString()),
                "s2.json", "op 'noise'", "edge 1->2", "space darts-s2", "skip_connect, sep_conv_3x3");
        assertThat(tmp.resolve("m")).doesNotExist();
        // a DARTS Genotype(...) text is read for --space (default darts), which decides its ops
        String repr = "Genotype(normal=[('noise', 0), ('sep_conv_3x3', 1)] * 4, normal_concat=[2, 3, 4, 5],"
                + " reduce=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1)], reduce_concat=[2])";
        String text = repr.replace("] * 4", ", ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0),"
                + " ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1)]");
        assertOneLine(run("cost", text, "--space", "darts-s3"), "op 'noise'", "space darts-s3");
        assertOneLine(run("train", text, "--out", tmp.resolve("m").toString()), "op 'noise'", "space darts on that edge");
        assertThat(tmp.resolve("m")).doesNotExist();
    }

    @Test
    void malformedGenotypeFileNamesTheFile() throws Exception {
        Path f = tmp.resolve("g.json");
        Files.writeString(f, "{\"space\": \"nb201\", \"arch\": ");
        assertOneLine(run("cost", f.toString()), "g.json");
    }

    @Test
    void inconsistentOptionsNameTheOption() {
        assertOneLine(run("search", "--epochs", "3", "--arch-start-epoch", "5", "--out", tmp.resolve("r").toString()),
                "--arch-start-epoch 5", "0..2");
        assertOneLine(run("search", "--train-fraction", "1.5", "--out", tmp.resolve("r").toString()), "--train-fraction 1.5");
        assertOneLine(run("search", "--no-such-option"), "--no-such-option");
        assertOneLine(run("search", "--method", "pc-darts", "--channels", "6", "--out", tmp.resolve("r").toString()),
                "--partial-channels 4", "--channels 6");
        assertOneLine(run("search", "--partial-channels", "0", "--out", tmp.resolve("r").toString()), "--partial-channels 0");
    }

    @Test
    void resumeOfAFolderWithoutARun() {
        assertOneLine(run("search", "--resume", tmp.toString()), "cannot resume", "config.json");
        // the commands that read a finished run say so, not "resume"
        for (String[] command : new String[][] {{"confidence"}, {"evolve", "--budgets", "4"}, {"sharpness"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = tmp.toString();
            CliErrorsTest.Outcome o = run(args);
            assertOneLine(o, "cannot read " + tmp, "config.json");
            org.assertj.core.api.Assertions.assertThat(o.err()).doesNotContain("resume");
        }
    }
}
