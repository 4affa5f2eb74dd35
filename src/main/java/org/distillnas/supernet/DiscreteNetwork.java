package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.nn.CostMeter;
import org.distillnas.nn.Module;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.util.NoGrad;

/** The stand-alone network of one discrete architecture. */
public abstract class DiscreteNetwork extends Module {
    public abstract Genotype genotype();

    /** Class logits for NCHW input. */
    public abstract NDArray forward(NDArray x, boolean training);

    /**
     * Multiply-accumulate operations of one forward pass on one image of the given size, counted on
     * a real forward pass in evaluation mode.
     */
    public long macs(NDManager manager, int channels, int height, int width) {
        try (NDManager m = manager.newSubManager(); NoGrad ignored = NoGrad.open(); CostMeter meter = CostMeter.open()) {
            forward(m.zeros(new Shape(1, channels, height, width), parameterType()), false);
            return meter.macs();
        }
    }

    private ai.djl.ndarray.types.DataType parameterType() {
        return namedParams().values().iterator().next().value().getDataType();
    }
}
