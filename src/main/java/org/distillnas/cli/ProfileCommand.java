package org.distillnas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.distillnas.bench.BenchFailure;
import org.distillnas.bench.BenchPrograms;
import org.distillnas.bench.BenchResult;
import org.distillnas.bench.ChildRunner;
import org.distillnas.bench.MachineInfo;
import org.distillnas.bench.OpProfile;
import org.distillnas.bench.RetrainStepBench;
import org.distillnas.bench.SampledStepBench;
import org.distillnas.bench.SearchStepBench;
import org.distillnas.bench.StepTrace;
import org.distillnas.util.ChildJvm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code distillnas bench profile}: where the time of the benchmarked steps goes, per op kind,
 * forward and backward, from libtorch's profiler: the search step pair edge by edge and fused, the
 * retraining step and the sampled (SPOS) step.
 */
@Command(name = "profile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Profiles the search-step benchmark's step pair (supernet edge by edge, then fused) and the"
            + " retraining-step and sampled-step benchmarks' steps with libtorch's profiler and tabulates forward and backward time"
            + " per op kind. The profiler's own cost inflates every op call, so compare shares, not absolute times.",
            "",
            "Example: distillnas bench profile --steps 10 --warmup 5"})
final class ProfileCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", defaultValue = "10", paramLabel = "N", description = "Profiled steps per program (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "N", description = "Unprofiled steps before them (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    BenchCommand.Cells cells;

    @Mixin
    BenchCommand.Common common;

    /** One profiled program; {@code cells} 0 marks the sampled step, whose argument is a subnet list. */
    private record Workload(String title, Class<?> main, int cells, boolean fused) {}

    @Override
    public Integer call() {
        // checks steps, warm-up, cells, threads and heap as every benchmark does
        new BenchPrograms.Settings(steps, warmup, cells.cells, common.threads, common.javaHeap);
        List<Workload> workloads = List.of(
                new Workload("Search step pair, supernet edge by edge (`--unfused`)", SearchStepBench.class, cells.cells, false),
                new Workload("Search step pair, fused supernet (default)", SearchStepBench.class, cells.cells, true),
                new Workload("Retraining step (discrete network of the retraining benchmark's fixed cell, 1 cell per stage, batch 128)",
                        RetrainStepBench.class, 1, true),
                new Workload("Sampled-path (SPOS) step of the mbv3-small choice supernet, batch 64",
                        SampledStepBench.class, 0, true));
        Path log = common.logFile("profile");
        StringBuilder report = new StringBuilder("## Per-op profile of the benchmarked steps\n\n");
        report.append(String.format(Locale.ROOT, "libtorch's profiler over %d steps after %d unprofiled warm-up steps,"
                + " %d intra-op thread(s). Every outermost event is counted once: a forward op with the ops it calls,"
                + " a backward function (`evaluate_function: XBackward0`) with everything inside it. Optimizer updates"
                + " and gradient clipping count as forward ops of their kind (mostly `mul` and `add`). The profiler"
                + " adds a fixed cost to every op call, so the totals exceed the unprofiled step time; the shares"
                + " show where the time goes.%n%n", steps, warmup, common.threads));
        try (ChildRunner runner = new ChildRunner(log, System.out)) {
            Path dir = Files.createTempDirectory("distillnas-profile");
            for (Workload w : workloads) {
                Path trace = dir.resolve(w.main().getSimpleName() + (w.fused() ? "-fused" : "-unfused") + ".json");
                String third = Integer.toString(w.cells());
                if (w.cells() == 0) {
                    Path subnets = dir.resolve("subnets.txt");
                    SampledStepBench.writeSubnets(subnets, warmup + steps, SampledStepCommand.SUBNET_SEED);
                    third = subnets.toString();
                }
                List<String> args = List.of(Integer.toString(steps), Integer.toString(warmup), third,
                        Integer.toString(common.threads));
                List<String> cmd = ChildJvm.command(common.javaHeap, w.main(),
                        Map.of(StepTrace.PROPERTY, trace.toString(), StepTrace.FUSED_PROPERTY, Boolean.toString(w.fused())), args);
                System.out.println("profiling: " + w.title());
                BenchResult r = runner.result(runner.run(w.title(), cmd, Map.of()));
                OpProfile p = OpProfile.read(trace, steps);
                report.append("### ").append(w.title()).append("\n\n");
                report.append(String.format(Locale.ROOT, "%.3f steps/s under the profiler.%n%n", r.stepsPerSecond()));
                report.append(p.table(0.01)).append('\n');
                Files.deleteIfExists(trace);
            }
            Files.deleteIfExists(dir.resolve("subnets.txt"));
            Files.deleteIfExists(dir);
        } catch (BenchFailure e) {
            return BenchCommand.failed(e);
        } catch (IOException e) {
            return BenchCommand.failed(new BenchFailure("cannot read or remove the profiler's trace: " + e.getMessage(), e));
        }
        report.append("- Machine: ").append(MachineInfo.current().summary()).append('\n');
        report.append("- Command: `").append(BenchCommand.commandLine(spec)).append("`\n");
        report.append("- Full output of every run: `").append(log).append("`\n");
        common.publish("profile", report.toString(), System.out);
        return 0;
    }
}
