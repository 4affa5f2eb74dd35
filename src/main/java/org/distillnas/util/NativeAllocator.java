package org.distillnas.util;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;

/**
 * Keeps glibc's malloc from handing tensor memory back to the kernel after every step.
 *
 * <p>Why: libtorch allocates activations and gradients with plain {@code malloc}. In a JVM the
 * training thread is not the process's main thread, so glibc serves it from a secondary arena,
 * which trims its heap whenever the top chunk is freed, and blocks above the (dynamic) mmap
 * threshold are unmapped on free. Every training step therefore re-faults the same pages: a
 * 60-step run of the retraining benchmark took 1.1-1.4 million minor page faults and its backward
 * pass ran 20-30% slower than with the settings below (173 thousand faults), with the same peak
 * resident memory. A Python process, allocating from the main arena, does not pay this.
 *
 * <p>What: {@code mallopt} fixes the mmap threshold at 256 MiB (tensors come from the heap and are
 * reused), the trim threshold at 1 GiB and the top pad at 64 MiB. Memory stays flat over a long run
 * (it is reused, not leaked; see the memory benchmark). Set the system property
 * {@code distillnas.malloc=default} (or the environment variable {@code DISTILLNAS_MALLOC=default})
 * to leave glibc's defaults alone. Not glibc (or JNA missing): nothing happens.
 */
public final class NativeAllocator {
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    static final int MMAP_THRESHOLD = 256 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;
    static final int TOP_PAD = 64 << 20;

    private static volatile Boolean tuned;

    private NativeAllocator() {}

    /** Whether the tuning is wanted: on unless the property or environment variable says "default". */
    static boolean requested() {
        String v = System.getProperty("distillnas.malloc", System.getenv("DISTILLNAS_MALLOC"));
        if (v == null || v.isBlank() || v.equalsIgnoreCase("tuned")) {
            return true;
        }
        if (v.equalsIgnoreCase("default")) {
            return false;
        }
        throw new BadInputException("distillnas.malloc=" + v + ": expected 'tuned' or 'default'");
    }

    /**
     * Applies the settings once per process; returns whether glibc accepted all of them (false when
     * disabled, or on a platform without glibc's {@code mallopt}).
     */
    public static synchronized boolean tune() {
        if (tuned != null) {
            return tuned;
        }
        boolean ok = false;
        if (requested() && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            try {
                Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
                ok = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
                        & mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1
                        & mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD}) == 1;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                ok = false; // musl or another libc: keep its defaults
            }
        }
        tuned = ok;
        return ok;
    }

    /**
     * Hands the free memory of every malloc arena back to the kernel ({@code malloc_trim(0)}), when
     * {@link #tune()} keeps glibc from doing so by itself. For work whose tensor shapes change from
     * call to call (scoring many different subnets): the freed blocks of one shape do not fit the
     * next, so without this the process grew from 1.4 to 3.5 GiB over 100 subnet evaluations on one
     * thread, and past 5 GiB with two workers, while the live tensors stayed the same. A trim costs
     * a few milliseconds and the page faults of re-touching what it released; call it between
     * units of work that take much longer, never inside a training step.
     */
    public static void trim() {
        if (!isTuned()) {
            return;
        }
        try {
            NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] {0});
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // tuned means glibc: this cannot fail there, and elsewhere there is nothing to trim
        }
    }

    /** Whether {@link #tune()} has applied the settings in this process. */
    public static boolean isTuned() {
        return Boolean.TRUE.equals(tuned);
    }
}
