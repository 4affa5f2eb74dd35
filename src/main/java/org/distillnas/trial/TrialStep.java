package org.distillnas.trial;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.util.BadInputException;

/**
 * One command of a trial, e.g. its search or the retraining of its genotype: a {@code distillnas}
 * command line run in its own JVM. {@value #TRIAL} in an argument stands for the trial's folder as
 * the executing machine sees it, and {@value #ROOT} for the experiment's folder, so one spec serves a
 * local worker and a Kubernetes pod that mounts the experiment folder elsewhere.
 *
 * @param name what the step is, for logs ("search", "retrain")
 * @param args the command line of a fresh start, without the launcher ({@code search --seed 0 ...})
 * @param resumeArgs the command line that continues an interrupted start from its checkpoint
 *     (used when {@code started} exists); null if the step restarts, or resumes by itself
 * @param done a path relative to the trial folder whose existence means the step finished
 * @param started a path relative to the trial folder whose existence means the step began and left
 *     a checkpoint; null if it leaves none
 * @param doneContains text the {@code done} file must hold for the step to count as finished (a
 *     file rewritten while the step runs, such as evolve's summary with its status); null: existing is enough
 * @param optional the step may fail without failing its trial, and a trial is finished without it
 *     (Cream's board has no path under a budget smaller than all of its paths)
 * @param needs a path relative to the trial folder without which the step does not apply and is
 *     skipped (the retraining of a board path that an optional step may not have written); null: always applies
 * @param workerOptions the worker adds its threads and device to the step (false for a command that
 *     computes nothing and takes neither)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrialStep(@JsonProperty("name") String name, @JsonProperty("args") List<String> args,
        @JsonProperty("resume_args") List<String> resumeArgs, @JsonProperty("done") String done,
        @JsonProperty("started") String started, @JsonProperty("done_contains") String doneContains,
        @JsonProperty("optional") Boolean optional, @JsonProperty("needs") String needs,
        @JsonProperty("worker_options") Boolean workerOptions) {
    /** Stands for the trial's folder in {@link #args} and {@link #resumeArgs}. */
    public static final String TRIAL = "{trial}";
    /** Stands for the experiment's folder, the trial folder's grandparent ({@code ROOT/trials/ID}). */
    public static final String ROOT = "{root}";

    public TrialStep {
        if (name == null || args == null || args.isEmpty() || done == null || done.isBlank()) {
            throw new BadInputException("trial step " + name + ": expected a name, a command line and a 'done' file");
        }
        args = List.copyOf(args);
        resumeArgs = resumeArgs == null ? null : List.copyOf(resumeArgs);
        // the defaults are left out of the spec file, which then reads as the common case
        optional = Boolean.TRUE.equals(optional) ? Boolean.TRUE : null;
        workerOptions = Boolean.FALSE.equals(workerOptions) ? Boolean.FALSE : null;
    }

    /** A step that must finish, with the worker's options: a search, a training. */
    public TrialStep(String name, List<String> args, List<String> resumeArgs, String done, String started) {
        this(name, args, resumeArgs, done, started, null, null, null, null);
    }

    public boolean isOptional() {
        return Boolean.TRUE.equals(optional);
    }

    public boolean takesWorkerOptions() {
        return !Boolean.FALSE.equals(workerOptions);
    }

    /** The command line to run now, for a trial in {@code trialDir}: resumes when it can. */
    public List<String> commandLine(Path trialDir) {
        boolean resume = resumeArgs != null && started != null && Files.exists(trialDir.resolve(started));
        Path root = trialDir.toAbsolutePath().getParent().getParent();
        List<String> out = new ArrayList<>();
        for (String a : resume ? resumeArgs : args) {
            out.add(a.replace(TRIAL, trialDir.toString()).replace(ROOT, root.toString()));
        }
        return out;
    }

    /** True when the step's {@code done} file exists (holding {@code doneContains}, if given). */
    public boolean isDone(Path trialDir) {
        Path file = trialDir.resolve(done);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return doneContains == null || Files.readString(file).contains(doneContains);
        } catch (IOException e) {
            return false; // being replaced right now: not done as far as this reader knows
        }
    }

    /** True when the step does not apply to the trial as it stands: what it needs is not there. */
    public boolean isSkipped(Path trialDir) {
        return needs != null && !Files.exists(trialDir.resolve(needs));
    }

    /** True when the trial need not run this step (again): done, optional, or not applicable. */
    public boolean isSettled(Path trialDir) {
        return isDone(trialDir) || isOptional() || isSkipped(trialDir);
    }
}
