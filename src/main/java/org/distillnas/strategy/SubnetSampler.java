package org.distillnas.strategy;

import java.util.Random;
import org.distillnas.data.SeedMix;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;

/**
 * Draws the subnets of a sampling step. The k-th subnet of global step t comes from a generator
 * seeded by (seed, t, k) alone, so a resumed run draws what an uninterrupted one drew, and no
 * generator state needs checkpointing. Subnets outside the FLOPs window are drawn again from the
 * same stream.
 */
public final class SubnetSampler {
    private final SampledSpace space;
    private final SamplingConfig config;
    private final long seed;
    private final int inChannels;
    private final int numClasses;

    public SubnetSampler(SampledSpace space, SamplingConfig config, long seed, int inChannels, int numClasses) {
        this.space = space;
        this.config = config;
        this.seed = seed;
        this.inChannels = inChannels;
        this.numClasses = numClasses;
        int choices = config.choiceWeights().size();
        if (choices > 0 && choices != space.maxLayerChoices()) {
            throw new BadInputException("--choice-weights has " + choices + " weights: expected "
                    + space.maxLayerChoices() + ", one per (kernel, expand) choice of the layers of space " + space.name());
        }
    }

    /** The k-th random subnet of global step {@code step}. */
    public Subnet draw(long step, int k) {
        Random rng = new Random(SeedMix.mix(seed, step, k));
        double[] weights = config.choiceWeightArray();
        for (int draw = 0; draw < SamplingConfig.MAX_DRAWS; draw++) {
            Subnet s = space.sample(rng, weights);
            if (!config.hasWindow() || config.inWindow(macs(s))) {
                return s;
            }
        }
        throw new BadInputException("--flops-window " + config.flopsMinM() + "," + config.flopsMaxM() + ": no subnet of "
                + space.name() + " inside it in " + SamplingConfig.MAX_DRAWS + " draws (smallest subnet "
                + String.format("%.2f", macs(space.smallest()) / 1e6) + " M, largest "
                + String.format("%.2f", macs(space.largest()) / 1e6) + " M multiply-adds)");
    }

    /** Multiply-adds of one image through {@code subnet}, from the space's lookup table. */
    public long macs(Subnet subnet) {
        return space.flopsTable(subnet.resolution(), inChannels, numClasses).macs(subnet);
    }

    /** Classes of the data the subnets classify. */
    public int numClasses() {
        return numClasses;
    }

    public SampledSpace space() {
        return space;
    }
}
