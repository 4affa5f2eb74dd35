package org.distillnas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.distillnas.eval.Sharpness;
import org.distillnas.run.SharpnessRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas sharpness}: the Hessian's largest eigenvalue at a search's checkpoint. */
@Command(name = "sharpness", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the sharpness of a search from one of its checkpoints: the largest eigenvalue of the",
            "Hessian of the validation loss w.r.t. the architecture weights, in double precision. Writes",
            "RUN_DIR/sharpness.json (or --out); the run's other files are only read. 'distillnas compare'",
            "reports it as the final sharpness.",
            "",
            "Example: distillnas sharpness runs/nb201-darts-seed0 --batches 8"})
public final class SharpnessCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A search run folder.")
    Path runDir;

    @Option(names = "--checkpoint", paramLabel = "NAME",
            description = "Checkpoint to measure, e.g. epoch-0005 (default: the latest; a run keeps its last two).")
    String checkpoint;

    @Option(names = "--batches", defaultValue = "4", paramLabel = "N",
            description = "Validation batches the loss is averaged over (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--solver", defaultValue = "exact", paramLabel = "auto|exact|power",
            description = "exact (default): the Hessian from one product per architecture weight, decomposed; power: power iteration; auto: exact up to 64 weights.")
    String solver;

    @Option(names = "--iterations", defaultValue = "50", paramLabel = "N",
            description = "Power iterations, for the power solver (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--radius", paramLabel = "H", description = "Finite-difference radius in alpha space (default: "
            + Sharpness.DEFAULT_RADIUS + ").")
    Double radius;

    @Option(names = "--out", paramLabel = "FILE", description = "Result file (default: RUN_DIR/sharpness.json).")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        Sharpness.Solver s = Sharpness.Solver.parse(solver, "--solver");
        engine.start();
        SharpnessRun.run(runDir, checkpoint, batches, s, iterations,
                radius != null ? radius : Sharpness.DEFAULT_RADIUS, out != null ? out : runDir.resolve("sharpness.json"),
                System.out);
        return 0;
    }
}
