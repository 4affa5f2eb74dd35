package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.ops.OpInput;
import org.distillnas.space.ops.OpRegistry;

/**
 * A searchable edge of a supernet cell: mixes its candidate ops by their weights. Either every
 * channel goes through the ops ({@link MixedOp}, DARTS) or only a slice of them
 * ({@link PartialChannelMixedOp}, PC-DARTS).
 */
public abstract class MixedEdge extends Module {
    /**
     * Builds the edge a supernet's options ask for.
     *
     * @param partialChannels PC-DARTS's K: 1 builds a {@link MixedOp} over all channels
     */
    public static MixedEdge create(ParamFactory f, List<String> opNames, int channels, int stride,
            OpRegistry.OpOptions options, int partialChannels) {
        return partialChannels == 1 ? new MixedOp(f, opNames, channels, stride, options)
                : new PartialChannelMixedOp(f, opNames, channels, stride, options, partialChannels);
    }

    /**
     * The edge's output, scaled by its edge weight.
     *
     * @param in the source node's features (with its shared ReLU)
     * @param weights one scalar weight per op, in the edge's op order
     * @param edgeWeight the edge's weight in its target node's sum, or null for 1
     */
    public abstract NDArray forward(OpInput in, NDArray[] weights, NDArray edgeWeight, boolean training);

    /** Number of candidate ops. */
    public abstract int size();

    /** The ops' mix: the edge itself, or the part of the edge its slice of channels goes through. */
    abstract MixedOp mixedOp();

    /** What {@link #mixedOp()}'s ops read of the source node (the same for every edge leaving it). */
    abstract OpInput opInput(OpInput node);

    /**
     * The edge's output from its ops' weighted sum (already scaled by the edge weight).
     *
     * @param bypass a one-element cache of the bypassed channels, shared by the edges that leave
     *     the node (null: compute them here)
     */
    abstract NDArray output(NDArray mixed, NDArray[] bypass, OpInput node, NDArray edgeWeight);
}
