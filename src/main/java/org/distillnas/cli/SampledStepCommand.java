package org.distillnas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.bench.BenchPrograms;
import org.distillnas.bench.SampledStepBench;
import org.distillnas.bench.SearchStepComparison;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distillnas bench sampled-step}: our SPOS step of a choice supernet against PyTorch eager. */
@Command(name = "sampled-step", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times one SPOS training step (a uniformly sampled path) of the mbv3-small choice supernet,"
            + " ours against the PyTorch eager reference (bench/mbv3_sampled_ref.py in this repository), alternating"
            + " the two in every round; both step through the same subnets, written next to the log.",
            "Needs: apt-get install -y python3-torch dataset-fashion-mnist",
            "",
            "Example: distillnas bench sampled-step --rounds 3 --steps 40 --warmup 10"})
final class SampledStepCommand implements Callable<Integer> {
    /** Seed of the subnet sequence, fixed so that reports name the same sequence. */
    static final long SUBNET_SEED = 0;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Rounds, each one run of both programs (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--steps", defaultValue = "40", paramLabel = "N", description = "Timed steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "N", description = "Untimed steps before them (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    BenchCommand.Common common;

    @Option(names = "--reference", defaultValue = "bench/mbv3_sampled_ref.py", paramLabel = "PATH",
            description = "The reference script (default: ${DEFAULT-VALUE}).")
    Path reference;

    @Mixin
    BenchCommand.Python python;

    @Override
    public Integer call() {
        SearchStepComparison.Workload workload = SearchStepComparison.SAMPLED_STEP;
        // cells is not a dimension of this workload; the settings check steps, warm-up, threads and heap
        BenchPrograms.Settings settings = new BenchPrograms.Settings(steps, warmup, 1, common.threads,
                common.javaHeap);
        Path script = BenchPrograms.findReference(reference);
        Path log = common.logFile(workload.section());
        String name = log.getFileName().toString().replaceFirst("\\.log$", "");
        Path subnets = log.resolveSibling(name + ".subnets").toAbsolutePath();
        SampledStepBench.writeSubnets(subnets, warmup + steps, SUBNET_SEED);
        List<String> args = List.of(Integer.toString(steps), Integer.toString(warmup), subnets.toString(),
                Integer.toString(common.threads));
        SearchStepComparison bench = new SearchStepComparison(workload, settings, args, rounds, python.path, script);
        return BenchCommand.compare(workload, bench, log, steps, warmup, rounds, common, python.path, spec);
    }
}
