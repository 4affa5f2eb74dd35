package org.distillnas.eval;

import ai.djl.ndarray.NDManager;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.train.TrainConfig;

/**
 * The stand-alone network a training configuration trains for a genotype, and its cost. Training,
 * resuming and re-evaluation build it here so that they agree. Cell genotypes are sized by the
 * configuration (channels, cells, auxiliary head) in their {@link SearchSpace}; a subnet fixes
 * every size itself, so only the configuration's {@code space} (the sampling space's name or
 * file) is used for it.
 */
public final class StandaloneNetworks {
    private StandaloneNetworks() {}

    /**
     * Checks, without building anything, that the configuration can build the genotype's network
     * for this data, so that a run can refuse it before it creates its folder.
     *
     * @throws org.distillnas.util.BadInputException naming the space, option or subnet field at fault
     */
    public static void check(TrainConfig config, Genotype genotype, int inChannels, int numClasses) {
        if (genotype instanceof Subnet s) {
            SampledSpaces.byName(config.space()).validate(s);
        } else {
            Spaces.byName(config.space());
            macro(config, inChannels, numClasses);
        }
    }

    public static DiscreteNetwork build(TrainConfig config, Genotype genotype, int inChannels, int numClasses,
            ParamFactory f) {
        if (genotype instanceof Subnet s) {
            return SampledSpaces.byName(config.space()).network(s, inChannels, numClasses, f);
        }
        return Spaces.byName(config.space()).network(genotype, macro(config, inChannels, numClasses), f,
                config.auxWeight() > 0);
    }

    /**
     * Parameters and MACs of that network on one image of {@code height x width}; a subnet is
     * costed at its own resolution instead.
     */
    public static NetworkCost cost(TrainConfig config, Genotype genotype, int inChannels, int numClasses, int height,
            int width, NDManager manager) {
        if (genotype instanceof Subnet s) {
            return SubnetCost.of(SampledSpaces.byName(config.space()), s, inChannels, numClasses, manager);
        }
        return ArchitectureCost.of(Spaces.byName(config.space()), genotype, macro(config, inChannels, numClasses),
                height, width, manager);
    }

    private static MacroConfig macro(TrainConfig config, int inChannels, int numClasses) {
        return new MacroConfig(config.channels(), config.cells(), inChannels, numClasses);
    }
}
