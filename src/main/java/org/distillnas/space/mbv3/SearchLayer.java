package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Module;
import org.distillnas.space.genotype.Subnet;

/**
 * One layer position of a stage: an inverted-residual block (elastic supernets and stand-alone
 * networks) or a set of independent blocks, one per choice (choice supernets).
 */
abstract class SearchLayer extends Module {
    /**
     * @param x NCHW input whose channel count is the previous layer's active width
     * @param width this layer's active output channels
     * @param layer the kernel and expand ratio to run (never a skip: skipped layers are not called)
     */
    abstract NDArray forward(NDArray x, int width, Subnet.Layer layer, boolean training);
}
