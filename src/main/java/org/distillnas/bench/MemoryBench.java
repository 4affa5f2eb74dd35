package org.distillnas.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distillnas.util.BadInputException;

/**
 * The memory benchmark: one long run of our {@link SearchStepBench} alone, reporting how resident
 * memory moves between step 100 (engine, allocator and optimizer state all warmed up) and the last
 * step. A leak of a few arrays per step is invisible in a 30-step timing run but shows here as
 * steady growth; healthy runs rise a little and flatten.
 */
public final class MemoryBench {
    /** The section of the benchmarks file this benchmark owns. */
    public static final String SECTION = "memory";
    /** Rows of the RSS table in the report: enough to see a trend, few enough to read. */
    private static final int MAX_ROWS = 12;
    private static final Pattern PROGRESS = Pattern.compile(
            "^step\\s+(\\d+) lossW (\\S+) lossA (\\S+) rss (-?\\d+) MiB hwm (-?\\d+) MiB$");

    private final BenchPrograms.Settings settings;

    /** One progress line of the child. */
    record Sample(int step, long rssMib, long hwmMib) {}

    /** What the run measured: its result and its progress samples. */
    public record Outcome(BenchResult result, List<Sample> samples) {}

    public MemoryBench(BenchPrograms.Settings settings) {
        if (settings.warmup() + settings.steps() <= SearchStepBench.RSS_BASELINE_STEP + 1) {
            throw new BadInputException("--steps " + settings.steps() + ": the memory benchmark needs at least "
                    + (SearchStepBench.RSS_BASELINE_STEP + 2) + " steps, as growth is measured from step "
                    + SearchStepBench.RSS_BASELINE_STEP + " to the last");
        }
        this.settings = settings;
    }

    public Outcome run(ChildRunner runner, PrintStream console) {
        console.printf(Locale.ROOT, "memory: distillnas, %d step pairs%n", settings.warmup() + settings.steps());
        ChildRunner.Outcome o = runner.run("java", BenchPrograms.javaCommand(settings), Map.of());
        BenchResult r = runner.result(o);
        List<Sample> samples = new ArrayList<>();
        for (String line : o.lines()) {
            Matcher m = PROGRESS.matcher(line.strip());
            if (m.matches()) {
                samples.add(new Sample(Integer.parseInt(m.group(1)), Long.parseLong(m.group(4)),
                        Long.parseLong(m.group(5))));
            }
        }
        return new Outcome(r, samples);
    }

    /** Growth of resident memory from step 100 to the last step, percent of the step-100 figure. */
    public static double growthPercent(BenchResult r) {
        long base = r.rssAt100().orElseThrow(() -> new BenchFailure("the run reported no RSS at step 100"));
        long last = r.rssAtLast().orElseThrow(() -> new BenchFailure("the run reported no RSS at its last step"));
        return 100.0 * (last - base) / base;
    }

    /** The Markdown report of a finished run. */
    public String report(Outcome o, MachineInfo machine, String commandLine, Path log) {
        BenchResult r = o.result();
        int total = settings.warmup() + settings.steps();
        StringBuilder b = new StringBuilder();
        b.append("## Memory over a long search (distillnas alone)\n\n");
        b.append(String.format(Locale.ROOT, "The search-step benchmark's setup (NAS-Bench-201 supernet, C=16, %d cells per"
                + " stage, batch 64, Fashion-MNIST, first-order DARTS) run for %d step pairs in one JVM (-Xmx%s,"
                + " %d intra-op thread(s)), each step in its own NDScope as in the search loop. RSS is the"
                + " process's VmRSS from /proc.%n%n", settings.cells(), total, settings.javaHeap(), settings.threads()));
        b.append("| step | RSS MiB | peak RSS MiB |\n|---:|---:|---:|\n");
        for (Sample s : thin(o.samples())) {
            b.append(String.format(Locale.ROOT, "| %d | %d | %d |%n", s.step(), s.rssMib(), s.hwmMib()));
        }
        long base = r.rssAt100().orElse(-1);
        long last = r.rssAtLast().orElse(-1);
        b.append(String.format(Locale.ROOT, "%n- RSS after step %d: %d MiB; after the last step (%d): %d MiB;"
                + " growth **%+.1f%%** over %d steps%n", SearchStepBench.RSS_BASELINE_STEP, base, total - 1, last,
                growthPercent(r), total - 1 - SearchStepBench.RSS_BASELINE_STEP));
        b.append(String.format(Locale.ROOT, "- Peak RSS: %d MiB; throughput %.3f pairs/s over the last %d pairs%n",
                r.peakRssMib(), r.stepsPerSecond(), settings.steps()));
        b.append(String.format(Locale.ROOT, "- Engine: DJL %s with libtorch %s%n", r.field("djl", "?"),
                r.field("libtorch", "?")));
        b.append("- Machine: ").append(machine.summary()).append("; ").append(machine.os())
                .append("; Java ").append(machine.java()).append('\n');
        b.append("- Date: ").append(machine.date()).append('\n');
        b.append("- Command: `").append(commandLine).append("`\n");
        b.append("- Full output: `").append(log).append("`\n");
        return b.toString();
    }

    /** At most {@link #MAX_ROWS} samples, evenly spread, always keeping the first and the last. */
    static List<Sample> thin(List<Sample> all) {
        if (all.size() <= MAX_ROWS) {
            return all;
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < MAX_ROWS; i++) {
            out.add(all.get((int) Math.round((double) i * (all.size() - 1) / (MAX_ROWS - 1))));
        }
        return out;
    }
}
