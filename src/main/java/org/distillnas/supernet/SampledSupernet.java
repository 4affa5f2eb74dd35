package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.distillnas.nn.Module;
import org.distillnas.nn.Param;
import org.distillnas.space.genotype.Subnet;

/**
 * A weight-sharing network of a sampling space: it runs any subnet of its space, given with each
 * forward pass. It holds no "active subnet" state, so a pass is a function of (subnet, input) and
 * the weights, which keeps resume and parallel evaluation simple. It has no architecture weights:
 * sampling strategies choose subnets themselves.
 */
public abstract class SampledSupernet extends Module {
    /** Class logits of {@code subnet} for NCHW input (resized to the subnet's resolution if needed). */
    public abstract NDArray forward(NDArray x, Subnet subnet, boolean training);

    public abstract WeightSharing sharing();

    /** The name of the space whose subnets this supernet runs. */
    public abstract String spaceName();

    /**
     * The trainable parameters a pass of {@code subnet} uses: the shared ones and those of the
     * layers it runs (in a choice supernet, only the chosen block of each). A sampling step updates
     * only these, as PyTorch's optimizers skip parameters whose gradient is None: weight decay and
     * momentum do not move the blocks a step did not sample.
     */
    public abstract Map<String, Param> paramsOf(Subnet subnet);

    /** Trainable network parameters (weights and BatchNorm affine parameters). */
    public Map<String, Param> weights() {
        return namedParams(Param::trainable);
    }
}
