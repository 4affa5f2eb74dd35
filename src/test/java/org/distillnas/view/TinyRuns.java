package org.distillnas.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.distillnas.TestData;
import org.distillnas.cli.CapturedRun;

/** Real searches on a slice of Fashion-MNIST, small enough for the browser tests, through the command line. */
final class TinyRuns {
    private TinyRuns() {}

    /** A NAS-Bench-201 search of {@code method} for {@code epochs}, optionally tracking the sharpness. */
    static Path nb201(Path dir, String method, int epochs, boolean sharpness) {
        TestData.requireFashionMnist();
        String[] args = {"search", "--space", "nb201", "--method", method, "--epochs", String.valueOf(epochs),
            "--limit", "400", "--channels", "4", "--cells", "1", "--batch-size", "32", "--threads", "1",
            "--no-progress", "--out", dir.toString()};
        run(sharpness ? with(args, "--track-sharpness") : args);
        return dir;
    }

    /** The run's genotype retrained for one epoch into {@code RUN_DIR/model}. */
    static void retrain(Path run) {
        run("train", run.resolve("genotype.json").toString(), "--epochs", "1", "--limit", "200", "--channels", "4",
                "--threads", "1", "--no-progress", "--out", run.resolve("model").toString());
    }

    /** A one-epoch SPOS search of mbv3-small and a short evolution under two budgets. */
    static Path sposWithEvolution(Path dir) {
        TestData.requireFashionMnist();
        run("search", "--space", "mbv3-small", "--method", "spos", "--limit", "400", "--epochs", "1", "--batch-size",
                "32", "--threads", "1", "--no-progress", "--out", dir.toString());
        run("evolve", dir.toString(), "--budgets", "3,6", "--population", "4", "--parents", "2", "--mutations", "2",
                "--crossovers", "2", "--generations", "2", "--random-search", "--eval-images", "100", "--workers", "1",
                "--threads", "1", "--out", dir.resolve("evolve").toString());
        return dir;
    }

    /** Runs a command line in this JVM; fails the test with its error output unless it succeeds. */
    static String run(String... args) {
        CapturedRun r = CapturedRun.of(args);
        assertThat(r.status()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        return r.out();
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
