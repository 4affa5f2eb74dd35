package org.distillnas.space;

import org.distillnas.util.BadInputException;

/**
 * How a supernet is built: its candidate ops, and how its edges are connected.
 *
 * @param affine BatchNorm in the searchable ops has trainable gamma and beta. Off by default for
 *     the DARTS space (as in the DARTS code), and for NAS-Bench-201 as in its DARTS baseline.
 * @param trackRunningStats BatchNorm keeps running statistics for evaluation; false uses batch
 *     statistics in evaluation too
 * @param partialChannels K of PC-DARTS's partial channel connections: only the first C/K channels of
 *     an edge's input go through its candidate ops, the rest bypass them (1: every channel, plain
 *     DARTS). The supernet's channel counts must be divisible by it.
 * @param edgeNormalization PC-DARTS's edge normalisation: each intermediate node weights its
 *     incoming edges by a softmax over per-edge architecture parameters beta
 * @param fused compute the edges that leave a node together (stacked convolutions, shared pooling,
 *     op weights folded into BatchNorm, sums in place): the same function and gradients as edge by
 *     edge, faster, different in the last bits. On by default; off is the plain formulation, kept
 *     for comparisons and for runs recorded before fusion existed.
 */
public record SupernetOptions(boolean affine, boolean trackRunningStats, int partialChannels, boolean edgeNormalization,
        boolean fused) {
    public SupernetOptions {
        if (partialChannels < 1) {
            throw new BadInputException("--partial-channels " + partialChannels + ": expected 1 (all channels) or more");
        }
    }

    /** Fused. */
    public SupernetOptions(boolean affine, boolean trackRunningStats, int partialChannels, boolean edgeNormalization) {
        this(affine, trackRunningStats, partialChannels, edgeNormalization, true);
    }

    /** Every channel through every op, no edge normalisation (DARTS). */
    public SupernetOptions(boolean affine, boolean trackRunningStats) {
        this(affine, trackRunningStats, 1, false);
    }

    /** The DARTS supernet: non-affine BatchNorm with running statistics, full channels. */
    public static SupernetOptions defaults() {
        return new SupernetOptions(false, true);
    }

    /** The PC-DARTS supernet: 1/K of the channels through the ops, edge normalisation on. */
    public static SupernetOptions pcDarts(int partialChannels) {
        return new SupernetOptions(false, true, partialChannels, true);
    }

    public SupernetOptions withPartialChannels(int k) {
        return new SupernetOptions(affine, trackRunningStats, k, edgeNormalization, fused);
    }

    public SupernetOptions withEdgeNormalization(boolean on) {
        return new SupernetOptions(affine, trackRunningStats, partialChannels, on, fused);
    }

    public SupernetOptions withFused(boolean on) {
        return new SupernetOptions(affine, trackRunningStats, partialChannels, edgeNormalization, on);
    }

    /** True when edges pass only a slice of their input through the ops (K > 1). */
    public boolean partial() {
        return partialChannels > 1;
    }
}
