package org.distillnas.trial;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.util.BadInputException;

/**
 * One command of a trial, e.g. its search or the retraining of its genotype: a {@code distillnas}
 * command line run in its own JVM. {@value #TRIAL} in an argument stands for the trial's folder as
 * the executing machine sees it, so one spec serves a local worker and a Kubernetes pod that mounts
 * the experiment folder elsewhere.
 *
 * @param name what the step is, for logs ("search", "retrain")
 * @param args the command line of a fresh start, without the launcher ({@code search --seed 0 ...})
 * @param resumeArgs the command line that continues an interrupted start from its checkpoint
 *     (used when {@code started} exists); null if the step cannot resume and restarts
 * @param done a path relative to the trial folder whose existence means the step finished
 * @param started a path relative to the trial folder whose existence means the step began and left
 *     a checkpoint; null if it leaves none
 */
public record TrialStep(@JsonProperty("name") String name, @JsonProperty("args") List<String> args,
        @JsonProperty("resume_args") List<String> resumeArgs, @JsonProperty("done") String done,
        @JsonProperty("started") String started) {
    /** Stands for the trial's folder in {@link #args} and {@link #resumeArgs}. */
    public static final String TRIAL = "{trial}";

    public TrialStep {
        if (name == null || args == null || args.isEmpty() || done == null || done.isBlank()) {
            throw new BadInputException("trial step " + name + ": expected a name, a command line and a 'done' file");
        }
        args = List.copyOf(args);
        resumeArgs = resumeArgs == null ? null : List.copyOf(resumeArgs);
    }

    /** The command line to run now, for a trial in {@code trialDir}: resumes when it can. */
    public List<String> commandLine(java.nio.file.Path trialDir) {
        boolean resume = resumeArgs != null && started != null && java.nio.file.Files.exists(trialDir.resolve(started));
        List<String> out = new ArrayList<>();
        for (String a : resume ? resumeArgs : args) {
            out.add(a.replace(TRIAL, trialDir.toString()));
        }
        return out;
    }

    /** True when the step's {@code done} file exists. */
    public boolean isDone(java.nio.file.Path trialDir) {
        return java.nio.file.Files.exists(trialDir.resolve(done));
    }
}
