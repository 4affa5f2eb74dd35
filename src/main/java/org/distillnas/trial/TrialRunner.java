package org.distillnas.trial;

import java.nio.file.Path;
import java.util.List;

/**
 * Where trials run: a pool of local worker JVMs ({@link LocalTrialRunner}) or Kubernetes Jobs.
 * The caller ({@link TrialBatch}) has written each spec under {@code root} and passes only trials
 * not yet finished.
 */
public interface TrialRunner {
    /**
     * Runs the trials, each retried a bounded number of times; a failed trial never stops the
     * others. Returns one outcome per trial, in the order given.
     */
    List<TrialOutcome> run(Path root, List<TrialSpec> trials, TrialListener listener) throws InterruptedException;

    /** A line saying where trials run, e.g. "2 local workers, 1 thread each". */
    String describe();
}
