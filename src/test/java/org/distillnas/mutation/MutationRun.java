package org.distillnas.mutation;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.distillnas.util.BadInputException;

/**
 * Runs a reader on many mutated inputs and checks the contract every reader of outside files
 * keeps: it returns a result, or throws {@link BadInputException} with one line that names the
 * file; never another exception, never a hang, never a change to the file it read, and never an
 * allocation the file's real size does not justify.
 *
 * <p>Every case draws from its own {@link Random} seeded by the run's fixed seed and the case
 * number, so a failure report (which names both, with how the input was damaged) reproduces on
 * every run. Heap allocation is measured per case with the JVM's per-thread allocation counter,
 * on the test's own thread, with a watchdog thread that reports a hung case.
 */
public final class MutationRun {
    /** A case that takes longer than this is reported as hung. */
    private static final long CASE_TIMEOUT_SECONDS = 30;
    /** Refusal messages of this many first cases are printed, to review their wording: -Dmutation.show=N. */
    private static final int SHOW = Integer.getInteger("mutation.show", 0);
    /** Longer messages are not "one clear line" any more. */
    private static final int MAX_MESSAGE = 1_000;

    private final String property;
    private final long seed;
    private final int tries;
    private long allocationPerByte = 16;
    private long allocationSlack = 64L << 20;

    private MutationRun(String property, long seed, int tries) {
        this.property = property;
        this.seed = seed;
        this.tries = tries;
    }

    /** A run of {@code tries} cases of {@code property}, reproducible from {@code seed}. */
    public static MutationRun of(String property, long seed, int tries) {
        return new MutationRun(property, seed, tries);
    }

    /**
     * Lets each case allocate up to {@code perInputByte} heap bytes per byte of its input file plus
     * {@code slack} (defaults 16 and 64 MiB); compressed formats need more per byte.
     */
    public MutationRun allocationLimit(long perInputByte, long slack) {
        this.allocationPerByte = perInputByte;
        this.allocationSlack = slack;
        return this;
    }

    /**
     * One damaged input.
     *
     * @param file the damaged file, checked to be unchanged by the reader; its size bounds the
     *     allowed allocation
     * @param how how it was damaged, for the failure report
     * @param mustName what an error message must contain, usually the file's path
     */
    public record Input(Path file, String how, String mustName) {
        public Input(Path file, String how) {
            this(file, how, file.toString());
        }
    }

    /** Makes case {@code index}'s damaged input from {@code random}. */
    @FunctionalInterface
    public interface Maker {
        Input make(Random random, int index) throws Exception;
    }

    /** Reads an input, checks whatever it returns is valid and releases it. */
    @FunctionalInterface
    public interface Reader {
        void read(Input input) throws Exception;
    }

    /** How the cases ended: read as valid, or refused with a {@link BadInputException}. */
    public record Tally(int cases, int accepted, int rejected) {}

    /**
     * Runs every case. Cases that break the contract fail the run together, reported with the first
     * few of them, so one run shows how widespread a problem is; a hung case stops the run at once.
     */
    public Tally run(Maker maker, Reader reader) {
        // Cases run on the test's own thread: a reader that reaches libtorch from a second thread
        // leaves that thread's OpenMP workers spinning, and every later test in the JVM then ran up
        // to a hundred times slower. A watchdog thread, which never calls libtorch, flags a hang.
        Thread tester = Thread.currentThread();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mutation-watchdog-" + property);
            t.setDaemon(true);
            return t;
        });
        int accepted = 0;
        List<AssertionError> failures = new ArrayList<>();
        try {
            for (int i = 0; i < tries; i++) {
                long caseSeed = seed * 0x9E3779B97F4A7C15L + i;
                AtomicBoolean overdue = new AtomicBoolean();
                ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                    overdue.set(true);
                    tester.interrupt();
                }, CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                try {
                    accepted += runCase(i, caseSeed, maker, reader) ? 1 : 0;
                } catch (AssertionError a) {
                    failures.add(a);
                } catch (Exception e) {
                    failures.add(new AssertionError(where(i, caseSeed) + " failed while making its input", e));
                } finally {
                    alarm.cancel(false);
                }
                if (overdue.get()) {
                    Thread.interrupted(); // clear the watchdog's interrupt
                    failures.add(new AssertionError(where(i, caseSeed) + " did not finish within "
                            + CASE_TIMEOUT_SECONDS + " s (hang?)"));
                    break;
                }
            }
        } finally {
            watchdog.shutdownNow();
        }
        if (!failures.isEmpty()) {
            StringBuilder report = new StringBuilder(property + ": " + failures.size() + " of " + tries
                    + " cases broke the contract; the first ones:");
            failures.stream().limit(5).forEach(a -> report.append("\n  ").append(abbreviate(a.getMessage(), 400)));
            throw new AssertionError(report.toString(), failures.get(0));
        }
        return new Tally(tries, accepted, tries - accepted);
    }

    /** True if the reader accepted the input, false if it refused it as it should. */
    private boolean runCase(int index, long caseSeed, Maker maker, Reader reader) throws Exception {
        Input input = maker.make(new Random(caseSeed), index);
        String where = where(index, caseSeed) + " (" + input.how() + ", " + input.file() + ")";
        byte[] before = Files.readAllBytes(input.file());
        long start = allocatedBytes();
        boolean accepted;
        try {
            reader.read(input);
            accepted = true;
        } catch (BadInputException e) {
            checkMessage(e, input, where);
            if (index < SHOW) {
                System.out.println(property + " case " + index + " (" + input.how() + "): " + e.getMessage());
            }
            accepted = false;
        } catch (Throwable t) {
            throw new AssertionError(where + ": threw " + t.getClass().getName() + ": " + abbreviate(t.getMessage(), 300), t);
        }
        long allocated = allocatedBytes() - start;
        long limit = allocationSlack + allocationPerByte * before.length;
        if (allocated > limit) {
            throw new AssertionError(where + ": allocated " + allocated + " heap bytes reading a " + before.length
                    + "-byte file, more than the " + limit + " allowed");
        }
        if (!Arrays.equals(before, Files.readAllBytes(input.file()))) {
            throw new AssertionError(where + ": the reader changed the file it read");
        }
        return accepted;
    }

    private static void checkMessage(BadInputException e, Input input, String where) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new AssertionError(where + ": BadInputException without a message", e);
        }
        if (m.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029')) {
            throw new AssertionError(where + ": message is not one line: " + abbreviate(m, 300), e);
        }
        if (m.contains(BadInputException.class.getName())) {
            throw new AssertionError(where + ": message wraps another refusal instead of passing it on: "
                    + abbreviate(m, 300), e);
        }
        if (!m.contains(input.mustName())) {
            throw new AssertionError(where + ": message does not name " + input.mustName() + ": " + abbreviate(m, 300), e);
        }
        if (m.length() > MAX_MESSAGE + input.mustName().length()) {
            throw new AssertionError(where + ": message has " + m.length() + " characters: " + abbreviate(m, 300), e);
        }
    }

    private static String abbreviate(String s, int max) {
        String line = String.valueOf(s).replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    private String where(int index, long caseSeed) {
        return property + " case " + index + " of " + tries + " (run seed " + seed + ", case seed " + caseSeed + ")";
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
