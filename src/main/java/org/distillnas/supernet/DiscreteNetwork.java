package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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

    /** Training-mode outputs: the logits, then the auxiliary head's logits if there is one. */
    public NDList forwardTraining(NDArray x) {
        return new NDList(forward(x, true));
    }

    /** The network's drop-path control, or null when its cells have none. */
    public DropPath dropPath() {
        return null;
    }

    /**
     * The name of the supernet parameter that this network's parameter {@code name} inherits from
     * (weight sharing): the same name unless the network's layout differs from the supernet's.
     */
    public String supernetName(String name) {
        return name;
    }

    /** Trainable scalars without the auxiliary head (the figure papers report). */
    public long countInferenceParameters() {
        long n = 0;
        for (var e : namedParams().entrySet()) {
            boolean counted = e.getValue().kind() == org.distillnas.nn.Param.Kind.WEIGHT
                    || e.getValue().kind() == org.distillnas.nn.Param.Kind.BN_AFFINE;
            if (counted && !e.getKey().contains("auxiliary.")) {
                n += e.getValue().size();
            }
        }
        return n;
    }

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
