package org.distillnas.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named places in the code where a test can make a run fail on purpose, the way FoundationDB and
 * etcd test their recovery: a kill campaign stops a run exactly while it writes a checkpoint or
 * evaluates, moments too short to hit by a timer, and a test makes a checkpoint write fail
 * part-way as a full disk would.
 *
 * <p>Off unless the system property {@code distillnas.failpoint} is set, to {@code NAME@N:ACTION}:
 * the {@code N}-th time (1-based) the run passes failpoint {@code NAME}, it
 * <ul>
 *   <li>{@code pause}: writes the file named by {@code distillnas.failpoint.marker} and waits
 *       there for the campaign to kill it with SIGKILL (or halts at once if the parent process is
 *       gone, so that no paused run outlives a campaign that was stopped);</li>
 *   <li>{@code ioerror}: throws an {@link IOException}, which the caller treats like any other
 *       write error.</li>
 * </ul>
 * Passing a failpoint costs one property look-up; they sit on per-epoch paths, never in a step.
 */
public final class Failpoints {
    /** The system property that arms a failpoint. */
    public static final String PROPERTY = "distillnas.failpoint";
    /** The system property naming the file a paused run writes. */
    public static final String MARKER_PROPERTY = "distillnas.failpoint.marker";

    /** Part-way through writing a checkpoint's tensors (after the first bytes of the file). */
    public static final String CHECKPOINT_TENSORS = "checkpoint-tensors";
    /** A checkpoint's tensors are written, its {@code state.json} not yet. */
    public static final String CHECKPOINT_STATE = "checkpoint-state";
    /** A checkpoint is complete, {@code LATEST} does not name it yet. */
    public static final String CHECKPOINT_LATEST = "checkpoint-latest";
    /** Inside an epoch-end evaluation, after its first batch. */
    public static final String EVALUATION = "evaluation";
    /** Training is over; the final outputs (genotype, summary, weights) are being written. */
    public static final String FINAL_OUTPUTS = "final-outputs";

    private static final Map<String, AtomicInteger> PASSES = new ConcurrentHashMap<>();

    private Failpoints() {}

    /** Marks one pass through failpoint {@code name}; acts when it is the armed one. */
    public static void pass(String name) throws IOException {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isEmpty()) {
            return;
        }
        Armed armed = Armed.parse(spec);
        if (!armed.name().equals(name)) {
            return;
        }
        int n = PASSES.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        if (n != armed.occurrence()) {
            return;
        }
        if (armed.action().equals("ioerror")) {
            throw new IOException("simulated write error at failpoint " + name);
        }
        pause(name);
    }

    /** As {@link #pass} where an I/O error cannot be thrown: an armed {@code ioerror} pauses too. */
    public static void passUnchecked(String name) {
        try {
            pass(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Forgets how often each failpoint was passed (tests that arm several runs in one JVM). */
    public static void reset() {
        PASSES.clear();
    }

    private static void pause(String name) {
        String marker = System.getProperty(MARKER_PROPERTY);
        if (marker != null) {
            try {
                Files.writeString(Path.of(marker), name + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                // without a marker the campaign's timeout ends the run; nothing else to do here
            }
        }
        // a paused run waits for SIGKILL; if whoever was to send it is gone, it must not wait forever
        java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        while (parent.map(ProcessHandle::isAlive).orElse(false)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                // interruptions do not end the pause; only the kill or the parent's end does
            }
        }
        Runtime.getRuntime().halt(137);
    }

    /** A parsed {@code NAME@N:ACTION}. */
    record Armed(String name, int occurrence, String action) {
        static Armed parse(String spec) {
            int at = spec.indexOf('@');
            int colon = spec.lastIndexOf(':');
            if (at < 1 || colon < at) {
                throw new BadInputException(PROPERTY + "=" + spec + ": expected NAME@N:pause or NAME@N:ioerror");
            }
            String action = spec.substring(colon + 1);
            if (!action.equals("pause") && !action.equals("ioerror")) {
                throw new BadInputException(PROPERTY + "=" + spec + ": action '" + action + "', expected pause or ioerror");
            }
            int occurrence;
            try {
                occurrence = Integer.parseInt(spec.substring(at + 1, colon));
            } catch (NumberFormatException e) {
                throw new BadInputException(PROPERTY + "=" + spec + ": occurrence '" + spec.substring(at + 1, colon)
                        + "', expected a positive whole number", e);
            }
            if (occurrence < 1) {
                throw new BadInputException(PROPERTY + "=" + spec + ": occurrence " + occurrence + ", expected 1 or more");
            }
            return new Armed(spec.substring(0, at), occurrence, action);
        }
    }
}
