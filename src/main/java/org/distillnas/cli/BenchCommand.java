package org.distillnas.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.distillnas.bench.BenchFailure;
import org.distillnas.bench.BenchPrograms;
import org.distillnas.bench.ChildRunner;
import org.distillnas.bench.MachineInfo;
import org.distillnas.bench.MarkdownSection;
import org.distillnas.bench.MemoryBench;
import org.distillnas.bench.MethodComparison;
import org.distillnas.bench.SearchStepComparison;
import org.distillnas.util.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code distillnas bench}: throughput benchmarks against the PyTorch reference. Every measured
 * program runs as its own process, one at a time, so that timings do not disturb each other and
 * each peak RSS belongs to one program; this process only starts them and writes the report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (see docs/BENCHMARKS.md).",
        subcommands = {BenchCommand.SearchStep.class, BenchCommand.RetrainStep.class, SampledStepCommand.class,
            BenchCommand.Memory.class, BenchCommand.MethodsCommand.class, ProfileCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // "distillnas bench" alone: say which benchmarks there are.
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** The size of the NB201 networks (not of the sampled-step benchmark, whose space is fixed). */
    static final class Cells {
        @Option(names = "--cells", defaultValue = "2", paramLabel = "N", description = "Cells per stage of the supernet (default: ${DEFAULT-VALUE}).")
        int cells;
    }

    /** The interpreter of the PyTorch references, for every benchmark that runs one. */
    static final class Python {
        @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "PATH",
                description = "Python with Debian's torch (default: ${DEFAULT-VALUE}).")
        Path path;
    }

    /** Options every benchmark takes. */
    static final class Common {
        @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
                description = "Intra-op threads of both programs; inter-op threads are 1 (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--java-heap", defaultValue = "1g", paramLabel = "SIZE",
                description = "-Xmx of the Java benchmark process (default: ${DEFAULT-VALUE}).")
        String javaHeap;

        @Option(names = "--out", defaultValue = "docs/BENCHMARKS.md", paramLabel = "FILE",
                description = "Markdown file whose section of this benchmark is (re)written; 'none' writes nothing (default: ${DEFAULT-VALUE}).")
        String out;

        @Option(names = "--log", paramLabel = "FILE",
                description = "Where the programs' full output goes (default: runs/bench/<benchmark>-<time>.log).")
        Path log;

        Path logFile(String benchmark) {
            return log != null ? log : Path.of("runs", "bench",
                    benchmark + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        }

        /** Prints the report and writes it into the output file's section. */
        void publish(String section, String report, PrintStream console) {
            console.println();
            console.print(report);
            if (!out.equalsIgnoreCase("none")) {
                Path file = Path.of(out);
                MarkdownSection.write(file, section, report);
                console.println("\nwrote section bench:" + section + " of " + file.toAbsolutePath());
            }
        }
    }

    /** The command as typed, quoted for a POSIX shell where needed, for the report. */
    static String commandLine(CommandLine.Model.CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "distillnas " + args.stream().map(BenchCommand::shellQuote).collect(Collectors.joining(" "));
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./=:,+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** A benchmark program failed: one line on stderr, exit status 1. */
    static int failed(BenchFailure e) {
        System.err.println("distillnas: " + e.getMessage());
        return 1;
    }

    /** Runs ours and the reference alternately for an NB201 workload and publishes the report. */
    static int compare(SearchStepComparison.Workload workload, int steps, int warmup, int rounds, int cells,
            Common common, Path python, Path reference, CommandLine.Model.CommandSpec spec) {
        BenchPrograms.Settings settings = new BenchPrograms.Settings(steps, warmup, cells, common.threads,
                common.javaHeap);
        Path log = common.logFile(workload.section());
        return compare(workload, new SearchStepComparison(workload, settings, rounds, python, reference), log, steps,
                warmup, rounds, common, python, spec);
    }

    /** Runs a prepared comparison, writing the programs' output to {@code log}, and publishes the report. */
    static int compare(SearchStepComparison.Workload workload, SearchStepComparison bench, Path log, int steps,
            int warmup, int rounds, Common common, Path python, CommandLine.Model.CommandSpec spec) {
        // Check python before the first (minutes-long) round rather than fail after it.
        String versions = BenchPrograms.checkPython(python);
        MachineInfo machine = MachineInfo.current();
        System.out.println(workload.section() + ": " + rounds + " rounds of " + (warmup + steps) + " steps per program;"
                + " output in " + log);
        try (ChildRunner runner = new ChildRunner(log, System.out)) {
            List<SearchStepComparison.Round> results = bench.run(runner, System.out);
            common.publish(workload.section(), bench.report(results, machine, versions, commandLine(spec), log),
                    System.out);
            return 0;
        } catch (BenchFailure e) {
            return failed(e);
        }
    }

    /** {@code distillnas bench search-step}: our step pair against the PyTorch reference's. */
    @Command(name = "search-step", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Times one first-order DARTS step pair on an NB201 supernet, ours against the PyTorch"
                + " reference (nb201_supernet_ref.py), alternating the two in every round; reports throughput ratios"
                + " and peak memory.",
                "Needs: apt-get install -y python3-torch dataset-fashion-mnist",
                "",
                "Example: distillnas bench search-step --rounds 3 --steps 30 --warmup 5"})
    static final class SearchStep implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Rounds, each one run of both programs (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--steps", defaultValue = "30", paramLabel = "N", description = "Timed step pairs per run (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "5", paramLabel = "N", description = "Untimed step pairs before them (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Mixin
        Cells cells;

        @Mixin
        Common common;

        @Option(names = "--reference", paramLabel = "PATH",
                description = "The reference script (default: ../shared/bench/nb201_supernet_ref.py, else /work/shared/bench/nb201_supernet_ref.py).")
        Path reference;

        @Mixin
        Python python;

        @Override
        public Integer call() {
            return compare(SearchStepComparison.SEARCH_STEP, steps, warmup, rounds, cells.cells, common, python.path,
                    BenchPrograms.findReference(reference), spec);
        }
    }

    /** {@code distillnas bench retrain-step}: our training step of a discrete network against PyTorch eager. */
    @Command(name = "retrain-step", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Times one training step of a stand-alone NB201 network, ours against the PyTorch eager"
                + " reference (bench/nb201_train_ref.py in this repository), alternating the two in every round.",
                "Needs: apt-get install -y python3-torch dataset-fashion-mnist",
                "",
                "Example: distillnas bench retrain-step --rounds 5 --steps 100 --warmup 20 --cells 1"})
    static final class RetrainStep implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Rounds, each one run of both programs (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--steps", defaultValue = "100", paramLabel = "N", description = "Timed steps per run (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "20", paramLabel = "N", description = "Untimed steps before them (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Mixin
        Cells cells;

        @Mixin
        Common common;

        @Option(names = "--reference", defaultValue = "bench/nb201_train_ref.py", paramLabel = "PATH",
                description = "The reference script (default: ${DEFAULT-VALUE}).")
        Path reference;

        @Mixin
        Python python;

        @Override
        public Integer call() {
            return compare(SearchStepComparison.RETRAIN_STEP, steps, warmup, rounds, cells.cells, common, python.path,
                    BenchPrograms.findReference(reference), spec);
        }
    }

    /** {@code distillnas bench memory}: resident memory over a long run of our step alone. */
    @Command(name = "memory", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs our search step pair alone for many steps and reports how resident memory grows"
                + " from step 100 to the last step (a per-step leak shows as steady growth).",
                "",
                "Example: distillnas bench memory --steps 1000"})
    static final class Memory implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--steps", defaultValue = "1000", paramLabel = "N",
                description = "Step pairs; more than 101, since growth is measured from step 100 (default: ${DEFAULT-VALUE}).")
        int steps;

        @Mixin
        Cells cells;

        @Mixin
        Common common;

        @Override
        public Integer call() {
            // No warm-up: every step is a sample here, and the baseline is step 100 anyway.
            BenchPrograms.Settings settings = new BenchPrograms.Settings(steps, 0, cells.cells, common.threads,
                    common.javaHeap);
            MemoryBench bench = new MemoryBench(settings);
            MachineInfo machine = MachineInfo.current();
            Path log = common.logFile("memory");
            System.out.println("memory: " + steps + " step pairs; output in " + log);
            try (ChildRunner runner = new ChildRunner(log, System.out)) {
                MemoryBench.Outcome o = bench.run(runner, System.out);
                common.publish(MemoryBench.SECTION, bench.report(o, machine, commandLine(spec), log), System.out);
                return 0;
            } catch (BenchFailure e) {
                return failed(e);
            }
        }
    }

    /** {@code distillnas bench methods}: search configurations against each other, speed and memory. */
    @Command(name = "methods", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Times the search step of several search configurations (methods, switches, spaces), each in"
                + " its own JVM, round after round, and reports speed and peak memory as ratios to the first.",
                "",
                "Example: distillnas bench methods --section rf-step --heading 'Random features' --search '--space nb201"
                + " --channels 16 --cells 2' --variant 'darts=--method darts' --variant 'rf-darts=--method rf-darts'"})
    static final class MethodsCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--search", defaultValue = "", paramLabel = "OPTIONS",
                description = "search options shared by every variant, as one string (default: none).")
        String shared;

        @Option(names = "--variant", required = true, paramLabel = "LABEL=OPTIONS",
                description = "A configuration to time: its label, '=', then its own search options (repeat; the first is the baseline).")
        List<String> variants;

        @Option(names = "--section", required = true, paramLabel = "NAME",
                description = "Name of the report's section in the output file (bench:NAME).")
        String section;

        @Option(names = "--heading", defaultValue = "Search configurations compared", paramLabel = "TEXT",
                description = "Heading of the report (default: ${DEFAULT-VALUE}).")
        String heading;

        @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Rounds, each one run of every variant (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--steps", defaultValue = "30", paramLabel = "N", description = "Timed search steps per run (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "5", paramLabel = "N", description = "Untimed steps before them (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--java-heap", defaultValue = "1g", paramLabel = "SIZE", description = "-Xmx of each run (default: ${DEFAULT-VALUE}).")
        String javaHeap;

        @Option(names = "--out", defaultValue = "docs/BENCHMARKS.md", paramLabel = "FILE",
                description = "Markdown file whose section is (re)written; 'none' writes nothing (default: ${DEFAULT-VALUE}).")
        String out;

        @Override
        public Integer call() {
            if (!section.matches("[a-z0-9-]+")) {
                throw new BadInputException("--section '" + section + "': expected lower-case letters, digits and dashes");
            }
            List<MethodComparison.Variant> list = new java.util.ArrayList<>();
            for (String v : variants) {
                int eq = v.indexOf('=');
                if (eq < 1) {
                    throw new BadInputException("--variant '" + v + "': expected LABEL=OPTIONS, e.g. 'rf=--method rf-darts'");
                }
                String options = (shared + " " + v.substring(eq + 1)).strip();
                List<String> args = options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
                list.add(new MethodComparison.Variant(v.substring(0, eq), options, SearchCommand.resolveArgs(args)));
            }
            MethodComparison bench = new MethodComparison(list, steps, warmup, rounds, threads, javaHeap);
            MachineInfo machine = MachineInfo.current();
            Path log = Path.of("runs", "bench", section + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
            System.out.println(section + ": " + rounds + " rounds of " + list.size() + " configurations; output in " + log);
            try (ChildRunner runner = new ChildRunner(log, System.out)) {
                String report = bench.report(heading, bench.run(runner, System.out), machine, commandLine(spec), log);
                System.out.println();
                System.out.print(report);
                if (!out.equalsIgnoreCase("none")) {
                    MarkdownSection.write(Path.of(out), section, report);
                    System.out.println("\nwrote section bench:" + section + " of " + Path.of(out).toAbsolutePath());
                }
                return 0;
            } catch (BenchFailure e) {
                return failed(e);
            }
        }
    }
}
