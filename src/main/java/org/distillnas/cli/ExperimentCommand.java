package org.distillnas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.experiment.CommandWords;
import org.distillnas.experiment.ExperimentConfiguration;
import org.distillnas.experiment.ExperimentSpec;
import org.distillnas.experiment.ExperimentTrials;
import org.distillnas.experiment.StepTemplate;
import org.distillnas.trial.TrialBatch;
import org.distillnas.trial.TrialOutcome;
import org.distillnas.trial.TrialRunner;
import org.distillnas.trial.TrialSpec;
import org.distillnas.util.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas experiment}: a declared grid of searches and retrainings, then compare's tables and plots. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an experiment spec (YAML: configurations x seeds, the search budget, the retraining budget)"
            + " as independent trials, each the search into OUT/trials/<configuration>-seed<N>/ and the retraining of its"
            + " genotype into its model/ folder, then the spec's own steps (e.g. an evolution and a ranking), after its"
            + " setup steps (e.g. a stand-alone table) have run once; then writes compare's tables (--report) and plots"
            + " (--plots). Finished"
            + " trials are never run again, interrupted ones resume from their checkpoints, a failed trial is retried"
            + " --retries times and then reported without stopping the others. Run it again to continue.",
            "",
            "Examples:",
            "  distillnas experiment experiments/collapse.yaml --workers 2",
            "  distillnas experiment experiments/collapse.yaml --seeds 0 --search-budget '--epochs 1 --limit 512'"
                + " --retrain-budget '--epochs 1 --limit 512' --out runs/collapse-tiny"})
public final class ExperimentCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "The experiment's YAML file (see experiments/).")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Experiment folder (default: runs/<name>; created, or continued).")
    Path out;

    @Option(names = "--seeds", split = ",", paramLabel = "N,N", description = "Run these seeds instead of the spec's.")
    List<Long> seeds;

    @Option(names = "--configurations", split = ",", paramLabel = "NAME,NAME", description = "Run only these configurations.")
    List<String> only;

    @Option(names = "--search-budget", paramLabel = "OPTIONS", description = "Search options instead of the spec's 'search' budget.")
    String searchBudget;

    @Option(names = "--retrain-budget", paramLabel = "OPTIONS", description = "Retraining options instead of the spec's 'retrain'.")
    String retrainBudget;

    @Option(names = "--report", paramLabel = "FILE", description = "Markdown file compare writes its tables into, in the spec's"
            + " report section (default: OUT/report.md).")
    Path report;

    @Option(names = "--plots", paramLabel = "DIR", description = "Folder of compare's plots (default: OUT/plots).")
    Path plots;

    @Mixin
    TrialRunnerOptions runner;

    @Override
    public Integer call() throws Exception {
        ExperimentSpec spec = ExperimentSpec.read(specFile);
        spec = spec.with(seeds, searchBudget == null ? null : CommandWords.split(searchBudget, "--search-budget"),
                retrainBudget == null ? null : CommandWords.split(retrainBudget, "--retrain-budget"),
                only == null ? null : new LinkedHashSet<>(only));
        check(spec);
        Path root = out != null ? out : Path.of("runs", spec.name());
        List<TrialSpec> trials = ExperimentTrials.of(spec, runner.jvmOptions());
        System.out.printf("experiment %s: %d configuration(s) x %d seed(s) into %s%n", spec.name(),
                spec.configurations().size(), spec.seeds().size(), root.toAbsolutePath());
        TrialRunner where = runner.runner(spec.name());
        TrialSpec setup = ExperimentTrials.setup(spec, runner.jvmOptions());
        if (setup != null) {
            // what every trial reads (a stand-alone table) is made first, once
            if (failed(new TrialBatch(root, "experiment", List.of(setup)).run(where, System.out, id -> {}), root)) {
                return Main.FAILURE;
            }
        }
        if (failed(new TrialBatch(root, "experiment", trials).run(where, System.out, id -> {}), root)) {
            return Main.FAILURE;
        }
        return compare(spec, root, trials);
    }

    private static boolean failed(List<TrialOutcome> outcomes, Path root) {
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        if (failed > 0) {
            System.out.printf("%d of %d trial(s) failed (above: why, and their logs in %s); run the same command again"
                    + " to retry them; no report until all are finished%n", failed, outcomes.size(), root.resolve("trials"));
        }
        return failed > 0;
    }

    private int compare(ExperimentSpec spec, Path root, List<TrialSpec> trials) {
        List<String> args = new ArrayList<>(List.of("compare"));
        trials.forEach(t -> args.add(TrialSpec.dir(root, t.id()).toString()));
        args.addAll(List.of("--title", spec.title(), "--plots", (plots != null ? plots : root.resolve("plots")).toString(),
                "--prefix", spec.prefix(), "--out", (report != null ? report : root.resolve("report.md")).toString(),
                "--section", spec.section()));
        return Main.execute(args.toArray(String[]::new));
    }

    /** Every configuration's options parse before any trial starts: a typo fails in one line, not in N logs. */
    private static void check(ExperimentSpec spec) {
        for (ExperimentConfiguration c : spec.configurations()) {
            List<String> search = new ArrayList<>(c.search());
            search.addAll(spec.search());
            try {
                SearchCommand.resolveArgs(search);
                if (c.sharpness() != null) {
                    parses(new SharpnessCommand(), "sharpness", concat(List.of("run"), c.sharpness()));
                }
                if (spec.retrain() != null) {
                    parses(new TrainCommand(), "retrain", concat(List.of("genotype.json"), spec.retrain()));
                }
                for (StepTemplate t : concat(spec.steps(), c.steps())) {
                    parsesAsStep(t);
                }
            } catch (BadInputException e) {
                throw new BadInputException("configuration " + c.name() + ": " + e.getMessage(), e);
            }
        }
        for (StepTemplate t : spec.setup()) {
            parsesAsStep(t);
        }
    }

    /**
     * A step's command lines parse as distillnas commands, with the options a worker adds when the
     * step takes them (a command without --threads must say worker_options: false).
     */
    private static void parsesAsStep(StepTemplate t) {
        org.distillnas.trial.TrialStep step = t.toStep(0L); // any seed: a seed is a number
        for (List<String> line : step.resumeArgs() == null ? List.of(step.args()) : List.of(step.args(), step.resumeArgs())) {
            List<String> args = new ArrayList<>(line);
            if (t.workerOptions()) {
                args.addAll(List.of("--threads", "1", "--device", "cpu"));
            }
            try {
                new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new BadInputException("step " + t.name() + " '" + String.join(" ", line) + "': "
                        + e.getMessage().lines().findFirst().orElse("bad arguments")
                        + (t.workerOptions() ? " (a worker adds --threads and --device unless worker_options: false)" : ""), e);
            }
        }
    }

    private static void parses(Object command, String what, List<String> args) {
        try {
            new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException(what + " options '" + String.join(" ", args.subList(1, args.size())) + "': "
                    + e.getMessage().lines().findFirst().orElse("bad arguments"), e);
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> r = new ArrayList<>(a);
        r.addAll(b);
        return r;
    }
}
