package org.distillnas.util;

import ai.djl.engine.Engine;

/**
 * Seeds libtorch's global random generator, the source of the random tensors drawn inside forward
 * passes (RobustDARTS's noise op). Network initialisation, data order, augmentation and drop-path
 * use their own Java generators and do not depend on it.
 *
 * <p>The generator is reseeded at fixed points from a few integers (the run's seed and the global
 * step before each training step; a fixed stream before each evaluation), so what it draws is a
 * function of those integers rather than of everything drawn before: runs are repeatable, a run
 * resumed from a checkpoint draws what an uninterrupted one would, and an evaluation of the same
 * weights on the same data always gives the same figures. Reseeding costs microseconds.
 *
 * <p>The integers are mixed by SplitMix64's finaliser and folded to the 32 bits that
 * {@link Engine#setRandomSeed(int)} takes (which also reseeds DJL's own Java generator, unused here).
 */
public final class EngineRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** Stream of the evaluation passes (whole-split evaluations, BatchNorm recalibration). */
    public static final long EVALUATION = 0x6576616cL;

    private EngineRandom() {}

    /** Reseeds libtorch's generator from {@code parts}, in order (order matters). */
    public static void reseed(long... parts) {
        Engine.getInstance().setRandomSeed(seedOf(parts));
    }

    /** The 32-bit seed that {@link #reseed} sets for {@code parts}. */
    static int seedOf(long... parts) {
        long h = GOLDEN;
        for (long p : parts) {
            h = scramble(h + scramble(p));
        }
        return (int) (h ^ (h >>> 32));
    }

    private static long scramble(long z) {
        z += GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
