package org.distillnas.eval;

/**
 * What every network's cost reports, whatever decides its size: a cell network's channels and cells
 * ({@link ArchitectureCost}) or a subnet's own widths and resolution ({@link SubnetCost}).
 */
public interface NetworkCost {
    /** Trainable scalars (weights and BatchNorm affine parameters). */
    long parameters();

    /** Multiply-accumulate operations of one forward pass on one image. */
    long macs();
}
