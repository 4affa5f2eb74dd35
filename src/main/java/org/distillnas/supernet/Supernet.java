package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.distillnas.nn.Module;
import org.distillnas.nn.Param;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.genotype.Genotype;

/**
 * A weight-sharing network holding every candidate op of a space, mixed by architecture weights.
 * Network weights and architecture weights are kept apart: {@link #weights()} and
 * {@link #arch()} go to different optimizers.
 */
public abstract class Supernet extends Module {
    private final SearchSpace space;
    private final ArchWeights arch;
    private final SupernetOptions options;

    protected Supernet(SearchSpace space, ArchWeights arch, SupernetOptions options) {
        this.space = space;
        this.arch = child("arch", arch);
        this.options = options;
    }

    /** Class logits for NCHW input, every edge mixing its ops by the architecture weights. */
    public NDArray forward(NDArray x, boolean training) {
        return forward(x, arch.cellWeights(), training);
    }

    /**
     * Class logits for NCHW input with given edge weights instead of the architecture weights'
     * (e.g. a fixed selection of one op per kept edge).
     *
     * @param weights by cell type, as {@link ArchWeights#cellWeights()} gives them
     */
    public abstract NDArray forward(NDArray x, Map<String, CellWeights> weights, boolean training);

    public SearchSpace space() {
        return space;
    }

    public ArchWeights arch() {
        return arch;
    }

    /** How the supernet was built (a copy of it is built with the same). */
    public SupernetOptions options() {
        return options;
    }

    /** Trainable network parameters (weights and BatchNorm affine parameters), not alphas. */
    public Map<String, Param> weights() {
        return namedParams(p -> p.trainable() && p.kind() != Param.Kind.ARCH);
    }

    /** Trainable architecture parameters (alpha, and beta with edge normalisation). */
    public Map<String, Param> archParams() {
        return namedParams(p -> p.trainable() && p.kind() == Param.Kind.ARCH);
    }

    /**
     * The architecture the current architecture weights select: the space's discretisation of
     * {@link ArchWeights#scores()} (softmax(alpha), times the normalised beta with edge
     * normalisation).
     */
    public Genotype genotype() {
        return space.discretize(arch.scores());
    }
}
