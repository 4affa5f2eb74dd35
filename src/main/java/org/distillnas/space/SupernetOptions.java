package org.distillnas.space;

/**
 * How a supernet's candidate ops are built.
 *
 * @param affine BatchNorm in the searchable ops has trainable gamma and beta. Off by default for
 *     the DARTS space (as in the DARTS code), and for NAS-Bench-201 as in its DARTS baseline.
 * @param trackRunningStats BatchNorm keeps running statistics for evaluation; false uses batch
 *     statistics in evaluation too
 */
public record SupernetOptions(boolean affine, boolean trackRunningStats) {
    public static SupernetOptions defaults() {
        return new SupernetOptions(false, true);
    }
}
