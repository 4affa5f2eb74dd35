package org.distillnas.nn;

/**
 * Counts multiply-accumulate operations (MACs, the "FLOPs" of the NAS literature) during one
 * forward pass: convolutions and linear layers report what they compute, per sample, while a meter
 * is open on the current thread. Counting on a real forward pass keeps the count exact for any
 * architecture without a second description of the network's shapes.
 *
 * <p>BatchNorm, activations, pooling and additions are not counted, as in the NAS-Bench-201 and
 * DARTS papers' figures.
 */
public final class CostMeter implements AutoCloseable {
    private static final ThreadLocal<CostMeter> ACTIVE = new ThreadLocal<>();

    private final CostMeter outer;
    private long macs;

    private CostMeter() {
        outer = ACTIVE.get();
        ACTIVE.set(this);
    }

    /** Starts counting on this thread until {@link #close()}. */
    public static CostMeter open() {
        return new CostMeter();
    }

    /** Adds {@code n} MACs to the open meter, if any (called by the layers). */
    static void add(long n) {
        CostMeter m = ACTIVE.get();
        if (m != null) {
            m.macs += n;
        }
    }

    static boolean active() {
        return ACTIVE.get() != null;
    }

    public long macs() {
        return macs;
    }

    @Override
    public void close() {
        ACTIVE.set(outer);
    }
}
