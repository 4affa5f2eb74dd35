package org.distillnas.space;

import java.util.List;
import java.util.Map;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.Supernet;

/**
 * A cell-based search space: which edges each cell type has and which ops each edge chooses from,
 * how to build its supernet, how to discretise architecture weights into a genotype, and how to
 * build the stand-alone network of a genotype.
 */
public interface SearchSpace {
    /** The name used on the command line and in genotype files. */
    String name();

    /** Edges of each cell type, in the order of the rows of that cell type's alpha. */
    Map<String, List<EdgeSpec>> cells();

    /**
     * The weight-sharing network of every candidate op.
     *
     * @param options how the supernet's ops are built (BatchNorm affine parameters and so on)
     */
    Supernet supernet(MacroConfig config, SupernetOptions options, ParamFactory f);

    /**
     * The discrete architecture chosen by architecture weights.
     *
     * @param probs per cell type, one row per edge: the op probabilities (softmax of alpha) or any
     *     other op scores, in the order of {@link EdgeSpec#ops()}
     */
    Genotype discretize(Map<String, double[][]> probs);

    /**
     * The inverse of {@link #discretize}: per cell type, one row per edge with 1 at the genotype's op
     * on that edge and 0 elsewhere; a row of zeros for an edge the genotype does not keep. Mixing a
     * supernet's edges with these weights computes the genotype's path through the supernet.
     *
     * @throws org.distillnas.util.BadInputException if the genotype is not one of this space's
     */
    Map<String, double[][]> selection(Genotype genotype);

    /**
     * The size of the network the space's paper evaluates (NAS-Bench-201: C=16, 5 cells per stage;
     * DARTS: C=36, 20 cells).
     */
    MacroConfig standardNetwork(int inChannels, int numClasses);

    /** The network of a discrete architecture, for retraining and for counting params and FLOPs. */
    default DiscreteNetwork network(Genotype genotype, MacroConfig config, ParamFactory f) {
        return network(genotype, config, f, false);
    }

    /**
     * As {@link #network(Genotype, MacroConfig, ParamFactory)}, with an auxiliary classifier where
     * the space's evaluation network has one (DARTS; NAS-Bench-201 networks have none).
     */
    DiscreteNetwork network(Genotype genotype, MacroConfig config, ParamFactory f, boolean auxiliaryHead);
}
