package org.distillnas.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.distillnas.train.SearchConfig;
import org.distillnas.util.BadInputException;

/**
 * Compares search configurations with each other (a method against its random-feature,
 * partial-channel or self-distilled variant): every round runs each variant's search step in its
 * own JVM ({@link MethodStepBench}), one at a time, so each process's peak resident memory is its
 * own. Throughput and memory are reported as ratios to the first variant, per round, then the
 * median over rounds (see {@link SearchStepComparison} for why ratios of neighbouring runs).
 */
public final class MethodComparison {
    /**
     * One configuration under test.
     *
     * @param label its name in the report
     * @param options the {@code search} options that define it, as typed
     * @param config those options resolved
     */
    public record Variant(String label, String options, SearchConfig config) {}

    /** One variant's run in one round. */
    public record Run(Variant variant, BenchResult result, double otherCpu) {}

    private final List<Variant> variants;
    private final int steps;
    private final int warmup;
    private final int rounds;
    private final int threads;
    private final String javaHeap;

    public MethodComparison(List<Variant> variants, int steps, int warmup, int rounds, int threads, String javaHeap) {
        if (variants.size() < 2) {
            throw new BadInputException("--variant given " + variants.size() + " time(s): expected at least two to compare");
        }
        if (steps < 1 || warmup < 0 || rounds < 1 || threads < 1) {
            throw new BadInputException("--steps " + steps + " --warmup " + warmup + " --rounds " + rounds + " --threads "
                    + threads + ": expected steps, rounds and threads >= 1 and warmup >= 0");
        }
        this.variants = List.copyOf(variants);
        this.steps = steps;
        this.warmup = warmup;
        this.rounds = rounds;
        this.threads = threads;
        this.javaHeap = javaHeap;
    }

    /** All rounds; element r holds round r's runs in variant order. */
    public List<List<Run>> run(ChildRunner runner, PrintStream console) {
        List<Path> configs = new ArrayList<>();
        try {
            ObjectMapper json = new ObjectMapper();
            for (Variant v : variants) {
                Path f = Files.createTempFile("distillnas-bench-", ".json");
                f.toFile().deleteOnExit();
                json.writeValue(f.toFile(), v.config());
                configs.add(f);
            }
        } catch (IOException e) {
            throw new BenchFailure("cannot write the variants' configurations: " + e.getMessage(), e);
        }
        List<List<Run>> out = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            List<Run> round = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get(i);
                console.printf(Locale.ROOT, "round %d/%d: %s%n", r, rounds, v.label());
                List<String> cmd = BenchPrograms.javaCommand(javaHeap, MethodStepBench.class, List.of(
                        configs.get(i).toString(), Integer.toString(steps), Integer.toString(warmup),
                        Integer.toString(threads)));
                ChildRunner.Outcome o = runner.run(v.label() + " r" + r, cmd, Map.of());
                BenchResult res = runner.result(o);
                console.printf(Locale.ROOT, "round %d/%d: %s %.3f steps/s, peak RSS %d MiB%n", r, rounds, v.label(),
                        res.stepsPerSecond(), res.peakRssMib());
                round.add(new Run(v, res, o.otherCpuShare()));
            }
            out.add(round);
        }
        return out;
    }

    /** The Markdown report: one row per variant, ratios to the first. */
    public String report(String heading, List<List<Run>> results, MachineInfo machine, String commandLine, Path log) {
        StringBuilder b = new StringBuilder("## " + heading + "\n\n");
        b.append(String.format(Locale.ROOT, "One search step (as `distillnas search` runs it: weight step and, from the"
                + " first architecture epoch on, architecture step) of each configuration below, %d timed steps after %d"
                + " warm-up steps, %d intra-op thread(s), each configuration in its own JVM (-Xmx%s), one at a time, %d"
                + " round(s). Ratios are to the first row, taken within each round, then the median over rounds.%n%n",
                steps, warmup, threads, javaHeap, rounds));
        b.append("| configuration | `search` options | steps/s (median) | speed ratio | peak RSS MiB (median) | memory ratio |"
                + " steps/s per round |\n|---|---|---:|---:|---:|---:|---|\n");
        for (int i = 0; i < variants.size(); i++) {
            final int k = i;
            double speed = SearchStepComparison.median(results, r -> r.get(k).result().stepsPerSecond());
            double speedRatio = SearchStepComparison.median(results,
                    r -> r.get(k).result().stepsPerSecond() / r.get(0).result().stepsPerSecond());
            double rss = SearchStepComparison.median(results, r -> r.get(k).result().peakRssMib());
            double rssRatio = SearchStepComparison.median(results,
                    r -> (double) r.get(k).result().peakRssMib() / r.get(0).result().peakRssMib());
            StringBuilder per = new StringBuilder();
            for (List<Run> r : results) {
                Run run = r.get(k);
                per.append(per.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f%s",
                        run.result().stepsPerSecond(), run.otherCpu() >= ChildRunner.Outcome.DISTURBED ? "*" : ""));
            }
            b.append(String.format(Locale.ROOT, "| %s | `%s` | %.3f | **%.2f** | %.0f | **%.2f** | %s |%n",
                    variants.get(k).label(), variants.get(k).options(), speed, speedRatio, rss, rssRatio, per));
        }
        b.append("\n- Speed ratio above 1: faster than the first row; memory ratio below 1: less peak resident memory"
                + " (VmHWM of the whole process, JVM included). Runs marked * shared the machine with other processes"
                + " using 10% of the CPU or more.\n");
        b.append("- Machine: ").append(machine.summary()).append("; ").append(machine.os()).append("; Java ")
                .append(machine.java()).append('\n');
        b.append("- Date: ").append(machine.date()).append('\n');
        b.append("- Command: `").append(commandLine).append("`\n");
        b.append("- Full output of every run: `").append(log).append("`\n");
        return b.toString();
    }
}
