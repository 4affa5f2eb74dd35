package org.distillnas.data;

/**
 * Derives independent random streams from a few integers without allocating a generator.
 *
 * <p>Batches are built with random access (any epoch, any batch index), so every random choice
 * must be a pure function of (seed, epoch, sample) rather than the state of a shared generator
 * that would depend on how far iteration had got. The mixer is SplitMix64's finaliser, whose
 * outputs for nearby inputs are statistically unrelated.
 */
public final class SeedMix {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SeedMix() {}

    /** A 64-bit hash of {@code a} and {@code b}; argument order matters. */
    public static long mix(long a, long b) {
        return scramble(scramble(a ^ GOLDEN) + b);
    }

    /** A 64-bit hash of {@code a}, {@code b} and {@code c}; argument order matters. */
    public static long mix(long a, long b, long c) {
        return scramble(mix(a, b) + c);
    }

    /**
     * The {@code k}-th uniform draw in {@code [0, bound)} of the stream named by {@code state}.
     * Uses the multiply-shift reduction of a 31-bit value: its bias is below bound / 2^31, far
     * too small to matter for image offsets.
     */
    static int below(long state, int k, int bound) {
        long r = scramble(state + (k + 1) * GOLDEN) >>> 33;
        return (int) ((r * bound) >>> 31);
    }

    private static long scramble(long z) {
        z += GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
