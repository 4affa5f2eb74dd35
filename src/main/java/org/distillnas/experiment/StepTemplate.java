package org.distillnas.experiment;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.trial.TrialStep;

/**
 * A step of a spec's {@code steps} (after each trial's search) or {@code setup} (once, before the
 * trials): a command line with {@code {trial}}, {@code {root}} and {@code {seed}} standing for the
 * trial's folder, the experiment's folder and the trial's seed. See {@link TrialStep} for the fields.
 */
public record StepTemplate(String name, List<String> run, List<String> resume, String started, String done,
        String doneContains, boolean optional, String needs, boolean workerOptions) {
    /** Stands for the trial's seed. */
    public static final String SEED = "{seed}";

    public StepTemplate {
        run = List.copyOf(run);
        resume = resume == null ? null : List.copyOf(resume);
    }

    /** The step of the trial of {@code seed} (null for the setup, which has none). */
    public TrialStep toStep(Long seed) {
        return new TrialStep(name, fill(run, seed), resume == null ? null : fill(resume, seed), done, started, doneContains,
                optional, needs, workerOptions);
    }

    private static List<String> fill(List<String> words, Long seed) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(seed == null ? w : w.replace(SEED, seed.toString()));
        }
        return out;
    }
}
