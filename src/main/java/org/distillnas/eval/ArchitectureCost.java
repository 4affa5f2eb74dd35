package org.distillnas.eval;

import ai.djl.ndarray.NDManager;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.supernet.DiscreteNetwork;

/**
 * Parameters and multiply-adds of a discrete architecture's network, counted on the network itself.
 *
 * @param channels initial channels of the network
 * @param cells cells per stage (NB201) or in all (DARTS)
 * @param parameters trainable scalars (weights and BatchNorm affine parameters)
 * @param macs multiply-accumulate operations of one forward pass on one image
 */
public record ArchitectureCost(int channels, int cells, long parameters, long macs) implements NetworkCost {

    public static ArchitectureCost of(SearchSpace space, Genotype genotype, MacroConfig config, int height, int width,
            NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            DiscreteNetwork net = space.network(genotype, config, new ParamFactory(m, 0));
            return new ArchitectureCost(config.channels(), config.cells(), net.countParameters(),
                    net.macs(m, config.inChannels(), height, width));
        }
    }
}
