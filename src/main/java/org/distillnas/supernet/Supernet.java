package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.distillnas.nn.Module;
import org.distillnas.nn.Param;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.genotype.Genotype;

/**
 * A weight-sharing network holding every candidate op of a space, mixed by architecture weights.
 * Network weights and architecture weights are kept apart: {@link #weights()} and
 * {@link #arch()} go to different optimizers.
 */
public abstract class Supernet extends Module {
    private final SearchSpace space;
    private final ArchWeights arch;

    protected Supernet(SearchSpace space, ArchWeights arch) {
        this.space = space;
        this.arch = child("arch", arch);
    }

    /** Class logits for NCHW input, every edge mixing its ops by softmax(alpha). */
    public abstract NDArray forward(NDArray x, boolean training);

    public SearchSpace space() {
        return space;
    }

    public ArchWeights arch() {
        return arch;
    }

    /** Trainable network parameters (weights and BatchNorm affine parameters), not alphas. */
    public Map<String, Param> weights() {
        return namedParams(p -> p.trainable() && p.kind() != Param.Kind.ARCH);
    }

    /** Trainable architecture parameters. */
    public Map<String, Param> archParams() {
        return namedParams(p -> p.trainable() && p.kind() == Param.Kind.ARCH);
    }

    /** The architecture the current alphas select. */
    public Genotype genotype() {
        return space.discretize(arch.probabilities());
    }
}
