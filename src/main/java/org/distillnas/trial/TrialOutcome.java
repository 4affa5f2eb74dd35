package org.distillnas.trial;

/**
 * How a trial ended in one invocation of a runner.
 *
 * @param attempts attempts made in this invocation (0 for a trial found finished)
 * @param detail for a failure, why and the tail of its log; empty otherwise
 */
public record TrialOutcome(String id, Status status, int attempts, String detail) {
    public enum Status {
        /** Finished before this invocation; not run again. */
        ALREADY_FINISHED,
        /** Finished now. */
        FINISHED,
        /** Every attempt failed, or the trial was stopped from outside. */
        FAILED
    }

    public static TrialOutcome finished(String id, int attempts) {
        return new TrialOutcome(id, Status.FINISHED, attempts, "");
    }

    public static TrialOutcome failed(String id, int attempts, String detail) {
        return new TrialOutcome(id, Status.FAILED, attempts, detail);
    }

    public boolean ok() {
        return status != Status.FAILED;
    }
}
