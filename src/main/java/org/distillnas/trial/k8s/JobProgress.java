package org.distillnas.trial.k8s;

import java.util.List;
import java.util.Objects;
import org.distillnas.trial.TrialListener;
import org.distillnas.trial.TrialOutcome;

/**
 * The runner's progress line ("jobs: 2 active, 1 succeeded, 0 failed"), passed on only when it
 * changes: a poll every few seconds must not print the same line for hours.
 */
final class JobProgress {
    private final TrialListener listener;
    private int succeeded;
    private int failed;
    private int deleted;
    private String last;

    JobProgress(TrialListener listener) {
        this.listener = listener;
    }

    /** Counts a trial that ended; {@code gone} when its Job was deleted from outside. */
    void ended(TrialOutcome o, boolean gone) {
        if (o.ok()) {
            succeeded++;
        } else if (gone) {
            deleted++;
        } else {
            failed++;
        }
    }

    /** Reports the counts and why pods wait ("t3: ImagePullBackOff"), if that changed. */
    void report(int active, List<String> waitingPods) {
        String line = "jobs: " + active + " active, " + succeeded + " succeeded, " + failed + " failed"
                + (deleted > 0 ? ", " + deleted + " deleted" : "")
                + (waitingPods.isEmpty() ? "" : "; pods waiting: " + String.join("; ", waitingPods));
        report(line);
    }

    /** Reports a line unless it is the one reported last. */
    void report(String line) {
        if (!Objects.equals(line, last)) {
            last = line;
            listener.progress(line);
        }
    }
}
