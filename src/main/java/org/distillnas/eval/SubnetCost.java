package org.distillnas.eval;

import ai.djl.ndarray.NDManager;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.DiscreteNetwork;

/**
 * Parameters and multiply-adds of a subnet's stand-alone network, at the subnet's own resolution
 * (its network resizes any input to it first, so the data's image size does not change the cost).
 * The MACs are counted twice: on the built network and by the space's lookup table, which searches
 * use for their budgets; the two must agree, and the figure is only trusted when they do.
 *
 * @param resolution input height and width the network computes at
 * @param parameters trainable scalars (weights and BatchNorm affine parameters)
 * @param macs multiply-accumulate operations of one image, counted on a forward pass
 * @param tableMacs the same from the space's {@link org.distillnas.space.mbv3.FlopsTable}
 */
public record SubnetCost(int resolution, long parameters, long macs, long tableMacs) implements NetworkCost {

    public static SubnetCost of(SampledSpace space, Subnet subnet, int inChannels, int numClasses, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            DiscreteNetwork net = space.network(subnet, inChannels, numClasses, new ParamFactory(m, 0));
            int r = subnet.resolution();
            return new SubnetCost(r, net.countParameters(), net.macs(m, inChannels, r, r),
                    space.flopsTable(r, inChannels, numClasses).macs(subnet));
        }
    }

    /** True when the counted and the looked-up MACs agree. */
    public boolean consistent() {
        return macs == tableMacs;
    }
}
