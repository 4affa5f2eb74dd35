package org.distillnas.trial;

/** What a runner reports while it works; called from the runner's threads. */
public interface TrialListener {
    /** An attempt of a trial starts (1 = first). */
    void attemptStarted(String id, int attempt);

    /** An attempt failed and the trial will be tried again. */
    void attemptFailed(String id, int attempt, String detail);

    /** The trial ended for this invocation. */
    void ended(TrialOutcome outcome);

    /** A runner's own progress line (e.g. how many Jobs are active). */
    default void progress(String line) {}
}
