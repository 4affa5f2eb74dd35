package org.distillnas.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The search-step benchmark: alternately runs our {@link SearchStepBench} and the PyTorch reference,
 * round after round, and reports the throughput ratio of each round and its median.
 *
 * <p>Why ratios of alternating runs: the machines this runs on are small and shared, and another
 * process can triple a step's time for a while. Two runs back to back see about the same
 * disturbance, so their ratio is much steadier than either figure, and the median over rounds
 * drops the round that was disturbed anyway.
 */
public final class SearchStepComparison {
    /** The section of the benchmarks file this benchmark owns. */
    public static final String SECTION = "search-step";

    private final BenchPrograms.Settings settings;
    private final int rounds;
    private final Path python;
    private final Path reference;
    private final Workload workload;
    private final List<String> programArgs;

    /**
     * What is compared: the report's section and heading, its first paragraph (a format string
     * taking cells, steps, warmup, threads, heap, disturbed-percent), our child's main class, and
     * the unit of the throughput.
     */
    public record Workload(String section, String heading, String description, Class<?> javaMain, String unit) {}

    /** The first-order DARTS step pair on an NB201 supernet against {@code nb201_supernet_ref.py}. */
    public static final Workload SEARCH_STEP = new Workload(SECTION, "Search step",
            "One first-order DARTS step pair (an SGD step of the weights on a training batch,"
                + " then an Adam step of the alphas on a validation batch) on a NAS-Bench-201 supernet: C=16,"
                + " %d cells per stage, affine BatchNorm, batch 64, Fashion-MNIST in order, no gradient clipping."
                + " Each run times %d step pairs after %d warm-up pair(s) with %d intra-op thread(s) and 1 inter-op"
                + " thread; each round runs distillnas (its own JVM, -Xmx%s) and then the reference"
                + " (`nb201_supernet_ref.py`), one at a time. Higher pairs/s is better; a ratio above 1 means"
                + " distillnas is faster. \"Other CPU\" is the share of the machine's CPU time that other processes"
                + " used during each run (ours / reference); rounds where it reached %.0f%% are marked *, as one"
                + " busy neighbour can slow a multi-threaded step several times over.%n%n",
            SearchStepBench.class, "pairs/s");

    /** One training step of a discrete NB201 network against the project's {@code bench/nb201_train_ref.py}. */
    public static final Workload RETRAIN_STEP = new Workload("retrain-step", "Retraining step",
            "One training step (forward, cross-entropy, backward, gradient-norm clip 5, SGD with"
                + " Nesterov momentum and weight decay) of the stand-alone NAS-Bench-201 network of the"
                + " fixed cell `|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|nor_conv_3x3~2|` (the README search's before fusion): C=16,"
                + " %d cells per stage, batch 128, Fashion-MNIST in order."
                + " Each run times %d steps after %d warm-up step(s) with %d intra-op thread(s) and 1 inter-op"
                + " thread; each round runs distillnas (its own JVM, -Xmx%s) and then the PyTorch eager reference"
                + " (`bench/nb201_train_ref.py`), one at a time. A ratio above 1 means distillnas is faster;"
                + " rounds where other processes used %.0f%% of the CPU are marked *.%n%n",
            RetrainStepBench.class, "steps/s");

    /**
     * One SPOS step of the {@code mbv3-small} choice supernet against the project's
     * {@code bench/mbv3_sampled_ref.py}; both programs take STEPS WARMUP SUBNETS_FILE THREADS, so the
     * description skips the cells argument (positional format indices).
     */
    public static final Workload SAMPLED_STEP = new Workload("sampled-step", "Sampled-path training step",
            "One SPOS training step of the choice supernet of the built-in space `mbv3-small` (per layer an"
                + " independent inverted-residual block per kernel and expand ratio, elastic widths, squeeze-excite,"
                + " h-swish): forward of the step's subnet at batch 64 on Fashion-MNIST 28x28 images in order, resized"
                + " to the subnet's resolution, cross-entropy, backward, gradient-norm clip 5, SGD with Nesterov"
                + " momentum and weight decay over only the parameters the path used. Both programs step through the"
                + " same subnets, drawn uniformly (seed 0) and written next to the run's log (`.subnets`)."
                + " Each run times %2$d steps after %3$d warm-up step(s) with %4$d intra-op thread(s) and 1 inter-op"
                + " thread; each round runs distillnas (its own JVM, -Xmx%5$s) and then the PyTorch eager reference"
                + " (`bench/mbv3_sampled_ref.py`), one at a time. A ratio above 1 means distillnas is faster;"
                + " rounds where other processes used %6$.0f%% of the CPU are marked *.%n%n",
            SampledStepBench.class, "steps/s");

    /**
     * One round: our result and the reference's, measured one after the other, each with the share
     * of the machine's CPU that other processes used meanwhile (see {@link CpuMonitor}).
     */
    public record Round(BenchResult ours, BenchResult ref, double oursOtherCpu, double refOtherCpu) {
        /** Our throughput over the reference's: above 1 means we are faster. */
        public double ratio() {
            return ours.stepsPerSecond() / ref.stepsPerSecond();
        }

        /** True if another process used a noticeable share of the CPU during either run. */
        public boolean disturbed() {
            return oursOtherCpu >= ChildRunner.Outcome.DISTURBED || refOtherCpu >= ChildRunner.Outcome.DISTURBED;
        }
    }

    public SearchStepComparison(BenchPrograms.Settings settings, int rounds, Path python, Path reference) {
        this(SEARCH_STEP, settings, rounds, python, reference);
    }

    public SearchStepComparison(Workload workload, BenchPrograms.Settings settings, int rounds, Path python,
            Path reference) {
        this(workload, settings, settings.args(), rounds, python, reference);
    }

    /**
     * As above, both programs taking {@code programArgs} instead of the settings' STEPS WARMUP CELLS
     * THREADS (a workload with inputs of its own, such as a subnet list).
     */
    public SearchStepComparison(Workload workload, BenchPrograms.Settings settings, List<String> programArgs,
            int rounds, Path python, Path reference) {
        this.workload = workload;
        this.programArgs = List.copyOf(programArgs);
        if (rounds < 1) {
            throw new org.distillnas.util.BadInputException("--rounds " + rounds + ": expected at least 1");
        }
        this.settings = settings;
        this.rounds = rounds;
        this.python = python;
        this.reference = reference;
    }

    /** Runs every round through {@code runner}, telling {@code console} where it stands. */
    public List<Round> run(ChildRunner runner, PrintStream console) {
        List<Round> out = new ArrayList<>();
        List<String> java = BenchPrograms.javaCommand(settings.javaHeap(), workload.javaMain(), programArgs);
        List<String> ref = BenchPrograms.pythonCommand(python, reference, programArgs);
        for (int r = 1; r <= rounds; r++) {
            console.printf(Locale.ROOT, "round %d/%d: distillnas%n", r, rounds);
            ChildRunner.Outcome ourRun = runner.run("java r" + r, java, Map.of());
            BenchResult ours = runner.result(ourRun);
            console.printf(Locale.ROOT, "round %d/%d: reference%n", r, rounds);
            ChildRunner.Outcome refRun = runner.run("ref r" + r, ref, BenchPrograms.PYTHON_ENV);
            Round round = new Round(ours, runner.result(refRun), ourRun.otherCpuShare(), refRun.otherCpuShare());
            console.printf(Locale.ROOT, "round %d/%d: %.3f vs %.3f " + workload.unit() + ", ratio %.3f; other processes used %s / %s"
                    + " of the CPU%s%n", r, rounds, ours.stepsPerSecond(), round.ref().stepsPerSecond(), round.ratio(),
                    percent(round.oursOtherCpu()), percent(round.refOtherCpu()), round.disturbed() ? " (disturbed)" : "");
            out.add(round);
        }
        return out;
    }

    /**
     * The Markdown report of finished rounds.
     *
     * @param pythonVersions what {@link BenchPrograms#checkPython} returned
     * @param commandLine the command as typed, for re-running it
     * @param log where the programs' full output went
     */
    public String report(List<Round> results, MachineInfo machine, String pythonVersions, String commandLine,
            Path log) {
        StringBuilder b = new StringBuilder();
        BenchResult first = results.get(0).ours();
        b.append("## " + workload.heading() + ": distillnas vs the PyTorch reference\n\n");
        b.append(String.format(Locale.ROOT, workload.description(), settings.cells(), settings.steps(), settings.warmup(),
                settings.threads(), settings.javaHeap(), 100 * ChildRunner.Outcome.DISTURBED));
        b.append("| round | distillnas " + workload.unit() + " | reference " + workload.unit() + " | ratio ours/ref | distillnas peak RSS MiB"
                + " | reference peak RSS MiB | other CPU |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < results.size(); i++) {
            Round r = results.get(i);
            b.append(String.format(Locale.ROOT, "| %d%s | %.3f | %.3f | %.3f | %d | %d | %s / %s |%n", i + 1,
                    r.disturbed() ? "*" : "", r.ours().stepsPerSecond(), r.ref().stepsPerSecond(), r.ratio(),
                    r.ours().peakRssMib(), r.ref().peakRssMib(), percent(r.oursOtherCpu()), percent(r.refOtherCpu())));
        }
        double ourRss = median(results, r -> r.ours().peakRssMib());
        double refRss = median(results, r -> r.ref().peakRssMib());
        b.append(String.format(Locale.ROOT, "| **median** | %.3f | %.3f | **%.3f** | %.0f | %.0f | |%n%n",
                median(results, r -> r.ours().stepsPerSecond()), median(results, r -> r.ref().stepsPerSecond()),
                median(results, Round::ratio), ourRss, refRss));
        b.append(String.format(Locale.ROOT, "- Throughput ratio ours/ref, median of %d round(s): **%.3f**"
                + " (range %.3f to %.3f)%n", results.size(), median(results, Round::ratio),
                min(results, Round::ratio), max(results, Round::ratio)));
        List<Round> quiet = results.stream().filter(r -> !r.disturbed()).toList();
        if (quiet.isEmpty()) {
            b.append("- **Every round shared the machine with other busy processes: these figures are not reliable;"
                    + " re-run on a quiet machine.**\n");
        } else if (quiet.size() < results.size()) {
            b.append(String.format(Locale.ROOT, "- Undisturbed rounds only (%d of %d): median ratio **%.3f**,"
                    + " distillnas %.3f " + workload.unit() + ", reference %.3f " + workload.unit() + "%n", quiet.size(), results.size(),
                    median(quiet, Round::ratio), median(quiet, r -> r.ours().stepsPerSecond()),
                    median(quiet, r -> r.ref().stepsPerSecond())));
        }
        b.append(String.format(Locale.ROOT, "- Peak RSS (VmHWM of the whole process), medians: distillnas %.0f MiB,"
                + " reference %.0f MiB, ratio ours/ref **%.2f**%n", ourRss, refRss, ourRss / refRss));
        b.append(String.format(Locale.ROOT, "- Engines: distillnas on DJL %s with libtorch %s; reference on %s%n",
                first.field("djl", "?"), first.field("libtorch", "?"), pythonVersions));
        b.append("- Machine: ").append(machine.summary()).append("; ").append(machine.os())
                .append("; Java ").append(machine.java()).append('\n');
        b.append("- Date: ").append(machine.date()).append('\n');
        b.append("- Command: `").append(commandLine).append("`\n");
        b.append("- Full output of every run: `").append(log).append("`\n");
        return b.toString();
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "?" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> f) {
        double[] v = items.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static <T> double min(List<T> items, ToDoubleFunction<T> f) {
        return items.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private static <T> double max(List<T> items, ToDoubleFunction<T> f) {
        return items.stream().mapToDouble(f).max().orElse(Double.NaN);
    }
}
