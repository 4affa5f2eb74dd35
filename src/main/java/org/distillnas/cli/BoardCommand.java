package org.distillnas.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.distillnas.report.SamplingReport;
import org.distillnas.run.BoardFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas board}: the best path of a Cream search's prioritized board under a FLOPs budget. */
@Command(name = "board", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Picks the best entry of a finished Cream search's prioritized path board (board.json) that",
            "costs at most the budget, prints it and writes it as a subnet record that train accepts.",
            "",
            "Example: distillnas board runs/cream-seed0 --budget 8 --out runs/cream-seed0/board-8M.json"})
public final class BoardCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "The run folder of a finished search with --method cream.")
    Path runDir;

    @Option(names = "--budget", defaultValue = "0", paramLabel = "M",
            description = "Millions of multiply-adds at most, 0 = no limit (default: ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the subnet record (default: RUN_DIR/board-<budget>M.json, or board-best.json without a budget).")
    Path out;

    @Override
    public Integer call() {
        if (!(budget >= 0) || Double.isInfinite(budget)) {
            throw new org.distillnas.util.BadInputException("--budget " + budget
                    + ": expected millions of multiply-adds >= 0 (0 = no limit)");
        }
        BoardFiles.Pick pick = BoardFiles.best(runDir, budget);
        Path file = out != null ? out
                : runDir.resolve(budget > 0 ? "board-" + SamplingReport.budget(budget) + "M.json" : "board-best.json");
        BoardFiles.save(pick, file);
        System.out.printf(Locale.ROOT, "%s  %.2f M multiply-adds, score %.2f%% when it entered the board%nwrote %s%n",
                pick.subnet(), pick.macs() / 1e6, pick.score(), file);
        return 0;
    }
}
