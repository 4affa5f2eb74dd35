package org.distillnas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.distillnas.run.RankRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas rank}: how well a search's supernet ranks architectures. */
@Command(name = "rank", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores the architectures of a table with a search's supernet (inherited weights, BatchNorm",
            "recalibrated, on the search's validation split) and reports Kendall tau and Spearman rho",
            "against the table's stand-alone accuracies.",
            "",
            "Example: distillnas rank runs/nb201-darts-seed0 --archs table.csv --out runs/nb201-darts-seed0/rank.csv"})
public final class RankCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A search run folder (its last checkpoint is used).")
    Path runDir;

    @Option(names = "--archs", required = true, paramLabel = "FILE",
            description = "CSV with a header and the columns 'architecture' (genotype text) and 'accuracy'.")
    Path archs;

    @Option(names = "--out", paramLabel = "FILE", description = "Write architecture, stand-alone and one-shot accuracy here (CSV).")
    Path out;

    @Option(names = "--recalibration-batches", defaultValue = "20", paramLabel = "N",
            description = "Training batches to recompute BatchNorm statistics on (default: ${DEFAULT-VALUE}).")
    int recalibrationBatches;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        engine.start();
        RankRun.run(runDir, archs, out, recalibrationBatches, System.out);
        return 0;
    }
}
