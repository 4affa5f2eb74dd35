package org.distillnas.view;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.distillnas.run.RunFailure;

/**
 * Where a run folder stands, told from its files alone: the dashboard watches runs it did not
 * start, possibly of processes long gone.
 *
 * <p>A run that writes no metrics, alphas or checkpoints for a while is taken as stopped: killed,
 * or on a machine that went away, and resumable with {@code --resume}. A step line comes every few
 * seconds in a normal run, so the window ({@link #DEFAULT_STALE_AFTER}) is generous.
 */
public enum RunState {
    /** Not finished, and its files changed within the stale-after window. */
    RUNNING,
    /** The run's final file ({@code summary.json}, or {@code results.json} for a model) is there. */
    FINISHED,
    /** Its command ended with an error after its last metrics line (the {@code failed.json} marker). */
    FAILED,
    /** Not finished, no failure marked, and quiet for longer than the window: killed, resumable. */
    STALE;

    /** How long a run may write nothing before it counts as stopped. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);

    /**
     * The state of the run in {@code dir} at time {@code now}.
     *
     * <p>A failure marker counts when it is no older than the last metrics line and the final file:
     * a marker that a run left before it was resumed by a version that did not remove it is older than
     * the lines the resumed run wrote; a failure after the final file (its plots) is still a failure.
     */
    public static RunState of(Path dir, RunKind kind, Instant now, Duration staleAfter) {
        Instant failed = FileTimes.modified(dir.resolve(RunFailure.FILE_NAME));
        Instant finished = kind.finalFileTime(dir);
        Instant lastLine = FileTimes.modified(dir.resolve("metrics.jsonl"));
        Instant lastWritten = FileTimes.later(lastLine, finished);
        if (failed != null && (lastWritten == null || !failed.isBefore(lastWritten))) {
            return FAILED;
        }
        if (finished != null) {
            return FINISHED;
        }
        Instant activity = lastActivity(dir);
        // a time ahead of this clock (another machine's, on a shared disk) is activity too
        return activity != null && Duration.between(activity, now).compareTo(staleAfter) <= 0 ? RUNNING : STALE;
    }

    /** When the run last wrote a metrics or alphas line or a checkpoint. */
    static Instant lastActivity(Path dir) {
        return FileTimes.later(FileTimes.latest(dir.resolve("metrics.jsonl"), dir.resolve("alphas.jsonl")),
                FileTimes.folder(dir.resolve("checkpoints")));
    }

    /** The name the dashboard shows and filters by. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
