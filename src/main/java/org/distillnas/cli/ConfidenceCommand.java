package org.distillnas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.distillnas.run.ConfidenceRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas confidence}: AlphaNet's over- and under-confidence diagnostic of a sampling supernet. */
@Command(name = "confidence", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares the confidence of a sampling supernet's subnets with its largest subnet's (the",
            "teacher of in-place distillation): per validation image, the student's probability of the",
            "teacher's predicted class against the teacher's. Counts over-confident students (higher by more",
            "than the tolerance) and under-confident ones; writes confidence.json into the run folder.",
            "",
            "Example: distillnas confidence runs/mbv3-small-alphanet-seed0 --random 4"})
public final class ConfidenceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A sampling search's run folder (spos, sandwich, alphanet, cream).")
    Path runDir;

    @Option(names = "--random", defaultValue = "4", paramLabel = "N",
            description = "Random subnets compared besides the smallest (default: ${DEFAULT-VALUE}).")
    int random;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the random subnets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--images", defaultValue = "0", paramLabel = "N",
            description = "Validation images compared, 0 = the whole validation split (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--tolerance", defaultValue = "0.01", paramLabel = "P",
            description = "Differences of probability up to this count as a match, not as over- or under-confidence (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        engine.start();
        ConfidenceRun.run(runDir, random, seed, images, tolerance, System.out);
        return 0;
    }
}
