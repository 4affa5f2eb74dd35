package org.distillnas.space;

import java.util.List;
import java.util.Random;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.FlopsTable;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.supernet.WeightSharing;

/**
 * A search space that sampling methods (SPOS, the sandwich rule, AlphaNet, Cream) search: a set of
 * {@link Subnet}s, drawn at random or at the extremes, each with a stand-alone network, and a
 * supernet that runs any of them.
 *
 * <p>Why not {@link SearchSpace}: that interface describes cells as edges choosing among ops, with
 * a supernet that mixes every op by architecture weights and a discretisation of those weights.
 * A sampling space has no edges and no architecture weights: its choices are per-stage widths and
 * depths and per-layer kernels and expand ratios, its supernet runs one subnet per pass, and a
 * search picks subnets directly. Forcing it into {@code SearchSpace} would leave most methods
 * meaningless, so the two kinds share only {@link org.distillnas.space.genotype.Genotype}
 * (a subnet is one) and {@link DiscreteNetwork}.
 */
public interface SampledSpace {
    /** The name on the command line and in subnet strings and files. */
    String name();

    /** Input sizes a subnet may choose. */
    List<Integer> resolutions();

    /** @throws org.distillnas.util.BadInputException naming the field and the allowed values */
    void validate(Subnet subnet);

    /** A uniformly random subnet drawn from {@code rng} alone. */
    Subnet sample(Random rng);

    /**
     * A random subnet whose layer choices (kernel-major over kernel x expand) follow
     * {@code choiceWeights} in the stages with that many choices, uniform elsewhere (null: uniform).
     */
    Subnet sample(Random rng, double[] choiceWeights);

    /**
     * A child for an evolutionary search: every dimension of {@code parent} (resolution, stem,
     * each stage's width, depth and layer kernels and expand ratios, last conv, feature) redrawn
     * with {@code probability}; always a valid subnet of this space. Draws from {@code rng} alone.
     */
    Subnet mutate(Subnet parent, double probability, Random rng);

    /**
     * A child for an evolutionary search: every dimension taken from either parent; a stage's depth
     * (and which layers run) comes whole from one parent, so the child is always valid. Draws from
     * {@code rng} alone.
     */
    Subnet crossover(Subnet a, Subnet b, Random rng);

    /** The largest number of (kernel, expand) choices of a layer in this space. */
    int maxLayerChoices();

    /** Every dimension at its largest choice (the sandwich rule's top). */
    Subnet largest();

    /** Every dimension at its smallest choice (the sandwich rule's bottom). */
    Subnet smallest();

    /** The weight-sharing network of every subnet, in the given mode. */
    SampledSupernet supernet(WeightSharing sharing, int inChannels, int numClasses, ParamFactory f);

    /** The stand-alone network of one subnet, for retraining and for counting params and MACs. */
    DiscreteNetwork network(Subnet subnet, int inChannels, int numClasses, ParamFactory f);

    /**
     * Copies a supernet's weights of {@code network}'s subnet into it (the slices an elastic
     * supernet uses; the chosen blocks of a choice supernet).
     */
    void inherit(SampledSupernet supernet, DiscreteNetwork network);

    /** MACs per (layer, choice) at one resolution; built once and kept. */
    FlopsTable flopsTable(int resolution, int inChannels, int numClasses);
}
