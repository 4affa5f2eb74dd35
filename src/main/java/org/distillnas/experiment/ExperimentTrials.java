package org.distillnas.experiment;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.trial.TrialSpec;
import org.distillnas.trial.TrialStep;

/**
 * The trials of an experiment: one per configuration and seed, in the spec's order, each the
 * search into the trial's folder, optionally a sharpness measurement of its last checkpoint, the
 * retraining of its genotype into {@code model/} (where {@code compare} reads the accuracy), then
 * the spec's and the configuration's own steps; and the setup trial that runs before them.
 */
public final class ExperimentTrials {
    private ExperimentTrials() {}

    /** Id of a configuration's trial for a seed: {@code rf-darts-seed0}. */
    public static String id(ExperimentConfiguration c, long seed) {
        return c.name() + "-seed" + seed;
    }

    /**
     * @param jvmOptions each step's JVM options
     */
    /** Id of the setup trial, run before the others. */
    public static final String SETUP = "setup";

    /** The trial of the spec's setup steps, or null when it has none. */
    public static TrialSpec setup(ExperimentSpec spec, List<String> jvmOptions) {
        if (spec.setup().isEmpty()) {
            return null;
        }
        List<String> threads = spec.threads() == null ? List.of() : List.of("--threads", spec.threads().toString());
        List<TrialStep> steps = new ArrayList<>();
        spec.setup().forEach(t -> steps.add(withThreads(t.toStep(null), threads)));
        return new TrialSpec(SETUP, steps, jvmOptions);
    }

    public static List<TrialSpec> of(ExperimentSpec spec, List<String> jvmOptions) {
        List<TrialSpec> trials = new ArrayList<>();
        for (ExperimentConfiguration c : spec.configurations()) {
            for (long seed : spec.seeds()) {
                trials.add(new TrialSpec(id(c, seed), steps(spec, c, seed), jvmOptions));
            }
        }
        return trials;
    }

    private static List<TrialStep> steps(ExperimentSpec spec, ExperimentConfiguration c, long seed) {
        // a fixed thread count goes into resumes too, since a resumed run must compute as it started
        List<String> threads = spec.threads() == null ? List.of() : List.of("--threads", spec.threads().toString());
        List<TrialStep> steps = new ArrayList<>();
        List<String> search = new ArrayList<>(List.of("search"));
        search.addAll(c.search());
        search.addAll(spec.search());
        search.addAll(List.of("--seed", Long.toString(seed), "--out", TrialStep.TRIAL, "--no-progress"));
        search.addAll(threads);
        steps.add(new TrialStep("search", search, concat(List.of("search", "--resume", TrialStep.TRIAL, "--no-progress"), threads),
                "summary.json", "config.json"));
        if (c.sharpness() != null) {
            steps.add(new TrialStep("sharpness", concat(concat(List.of("sharpness", TrialStep.TRIAL), c.sharpness()), threads),
                    null, "sharpness.json", null));
        }
        if (spec.retrain() != null) {
            List<String> train = new ArrayList<>(List.of("train", TrialStep.TRIAL + "/genotype.json"));
            train.addAll(spec.retrain());
            train.addAll(List.of("--seed", Long.toString(seed), "--out", TrialStep.TRIAL + "/model", "--no-progress"));
            train.addAll(threads);
            steps.add(new TrialStep("retrain", train,
                    concat(List.of("train", "--resume", TrialStep.TRIAL + "/model", "--no-progress"), threads),
                    "model/results.json", "model/config.json"));
        }
        spec.steps().forEach(t -> steps.add(withThreads(t.toStep(seed), threads)));
        c.steps().forEach(t -> steps.add(withThreads(t.toStep(seed), threads)));
        return steps;
    }

    /** The spec's fixed thread count on a step that computes and does not set its own. */
    private static TrialStep withThreads(TrialStep s, List<String> threads) {
        if (threads.isEmpty() || !s.takesWorkerOptions() || s.args().contains("--threads")) {
            return s;
        }
        return new TrialStep(s.name(), concat(s.args(), threads), s.resumeArgs() == null ? null : concat(s.resumeArgs(), threads),
                s.done(), s.started(), s.doneContains(), s.optional(), s.needs(), s.workerOptions());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
