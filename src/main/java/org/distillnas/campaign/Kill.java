package org.distillnas.campaign;

import java.util.List;
import java.util.Random;
import org.distillnas.data.SeedMix;
import org.distillnas.util.Failpoints;

/**
 * One moment at which a kill campaign stops a run with SIGKILL: either after a random share of the
 * uninterrupted run's duration (a timer: most such moments fall inside training steps, some in
 * evaluations, logging or start-up), or exactly at a failpoint the run passes (part-way through a
 * checkpoint write, inside an epoch's evaluation, while the final outputs are written), moments
 * too short for a timer to hit.
 *
 * @param failpoint the failpoint to stop at, or null for a timer
 * @param occurrence which pass of the failpoint (1-based; epoch {@code occurrence}'s checkpoint or
 *     evaluation)
 * @param fraction for a timer, the share of the reference run's wall time after which to kill
 */
public record Kill(String failpoint, int occurrence, double fraction) {
    private static final List<String> CHECKPOINT_POINTS = List.of(Failpoints.CHECKPOINT_TENSORS,
            Failpoints.CHECKPOINT_STATE, Failpoints.CHECKPOINT_LATEST);

    /** True for a kill after a delay rather than at a failpoint. */
    public boolean timer() {
        return failpoint == null;
    }

    /** A kill at the same place, for a timer one that came too late (the run had finished): earlier. */
    Kill earlier() {
        return timer() ? new Kill(null, 0, fraction / 2) : this;
    }

    /** The system property value that arms this kill's failpoint. */
    String property() {
        return failpoint + "@" + occurrence + ":pause";
    }

    /** Short text for reports, e.g. {@code timer 43%} or {@code checkpoint-state #2}. */
    public String describe() {
        return timer() ? String.format("timer %.0f%%", 100 * fraction) : failpoint + " #" + occurrence;
    }

    /**
     * The kill of trial {@code trial}, drawn from {@code seed}: half timers uniform over 5-95% of the
     * run, a fifth part-way through one of the three stages of a checkpoint write, a fifth inside an
     * epoch's evaluation, and a tenth while the final outputs are written.
     *
     * @param epochs the run's epochs (checkpoints and evaluations to choose from)
     */
    public static Kill draw(long seed, int trial, int epochs) {
        Random r = new Random(SeedMix.mix(seed, trial)); // neighbouring seeds must not give neighbouring kills
        double u = r.nextDouble();
        if (u < 0.5) {
            return new Kill(null, 0, 0.05 + 0.9 * r.nextDouble());
        }
        if (u < 0.7) {
            return new Kill(CHECKPOINT_POINTS.get(r.nextInt(CHECKPOINT_POINTS.size())), 1 + r.nextInt(epochs), 0);
        }
        if (u < 0.9) {
            return new Kill(Failpoints.EVALUATION, 1 + r.nextInt(epochs), 0);
        }
        return new Kill(Failpoints.FINAL_OUTPUTS, 1, 0);
    }
}
