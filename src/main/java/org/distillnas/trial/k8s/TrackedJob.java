package org.distillnas.trial.k8s;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.nio.file.Path;
import java.util.Optional;
import org.distillnas.trial.TrialExecutor;
import org.distillnas.trial.TrialListener;
import org.distillnas.trial.TrialOutcome;
import org.distillnas.trial.TrialSpec;

/**
 * One trial's Job as the runner last saw it. Each pod of the Job is an attempt: a pod failure
 * that leaves the Job retries is reported as a failed attempt, and the Job's terminal condition
 * (Complete or Failed) ends the trial. The trial's folder and log are read on the shared volume.
 */
final class TrackedJob {
    /** Lines of a failed trial's log shown in its report. */
    static final int TAIL_LINES = 12;

    private final TrialSpec trial;
    private final String name;
    private final String uid;
    private final int backoffLimit;
    private final Path dir;
    private final Path log;
    private int seenFailed;
    private boolean deleted;
    /** Where the current attempt's part of the log begins. */
    private long logFrom;

    TrackedJob(TrialSpec trial, Job job, Path root) {
        this.trial = trial;
        this.name = job.getMetadata().getName();
        this.uid = job.getMetadata().getUid();
        Integer limit = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
        this.backoffLimit = limit == null ? 6 : limit; // Kubernetes' default
        this.dir = TrialSpec.dir(root, trial.id());
        this.log = TrialSpec.log(root, trial.id());
        this.seenFailed = failed(job.getStatus());
        this.logFrom = TrialExecutor.logSize(log);
    }

    TrialSpec trial() {
        return trial;
    }

    String name() {
        return name;
    }

    /** True once the Job was found deleted from outside. */
    boolean wasDeleted() {
        return deleted;
    }

    /** Attempts the Job has made so far (its failed pods and the current one). */
    int attempt() {
        return seenFailed + 1;
    }

    /**
     * Reads the Job's newest state: reports pod failures the Job retries, and returns the trial's
     * outcome once the Job has ended or is gone.
     *
     * @param now the Job as listed now; null when it no longer exists
     */
    Optional<TrialOutcome> update(Job now, TrialListener listener, JobPods pods, String volume) {
        if (now == null || !java.util.Objects.equals(uid, now.getMetadata().getUid()) || now.getMetadata().getDeletionTimestamp() != null) {
            deleted = true;
            return Optional.of(TrialOutcome.failed(trial.id(), attempt(), "its Job " + name
                    + " was deleted from outside while it ran (e.g. kubectl delete job); the runner does not recreate it,"
                    + " since deleting a Job is how a trial is cancelled: run the same command again to resubmit it"));
        }
        JobStatus status = now.getStatus();
        if (hasCondition(status, "Complete")) {
            int attempts = failed(status) + 1;
            if (trial.isFinished(dir)) {
                return Optional.of(TrialOutcome.finished(trial.id(), attempts));
            }
            return Optional.of(TrialOutcome.failed(trial.id(), attempts, "its Job " + name + " succeeded but the trial's"
                    + " results are not in " + dir + ": is " + volume + " the volume mounted here at the experiment folder?"));
        }
        Optional<JobCondition> failedCondition = condition(status, "Failed");
        int failedNow = failed(status);
        while (seenFailed < failedNow && seenFailed < backoffLimit && failedCondition.isEmpty()) {
            String detail = podFailure(pods) + "; last lines of " + log + ":\n" + TrialExecutor.tail(log, logFrom, TAIL_LINES);
            listener.attemptFailed(trial.id(), attempt(), detail);
            seenFailed++;
            logFrom = TrialExecutor.logSize(log);
            listener.attemptStarted(trial.id(), attempt());
        }
        if (failedCondition.isPresent()) {
            JobCondition c = failedCondition.get();
            String detail = "its Job " + name + " failed: " + c.getReason() + ": " + c.getMessage()
                    + suffix(podFailure(pods)) + "; last lines of " + log + ":\n" + TrialExecutor.tail(log, logFrom, TAIL_LINES);
            return Optional.of(TrialOutcome.failed(trial.id(), Math.max(failedNow, attempt()), detail));
        }
        return Optional.empty();
    }

    private String podFailure(JobPods pods) {
        try {
            String why = pods.lastFailure(name);
            return why.isEmpty() ? "a pod of Job " + name + " failed" : why;
        } catch (RuntimeException e) { // pods unreadable (no permission): the log still says why
            return "a pod of Job " + name + " failed";
        }
    }

    private static String suffix(String podFailure) {
        return podFailure.startsWith("pod ") ? " (" + podFailure + ")" : "";
    }

    /** True when the Job has ended (Complete or Failed), so it will start no more pods. */
    static boolean ended(Job job) {
        return hasCondition(job.getStatus(), "Complete") || hasCondition(job.getStatus(), "Failed");
    }

    private static boolean hasCondition(JobStatus status, String type) {
        return condition(status, type).isPresent();
    }

    private static Optional<JobCondition> condition(JobStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static int failed(JobStatus status) {
        return status == null || status.getFailed() == null ? 0 : status.getFailed();
    }
}
