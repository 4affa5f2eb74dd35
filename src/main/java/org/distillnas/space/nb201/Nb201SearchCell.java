package org.distillnas.space.nb201;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.ops.OpInput;
import org.distillnas.space.ops.OpRegistry;
import org.distillnas.supernet.CellWeights;
import org.distillnas.supernet.MixedEdge;

/**
 * The NAS-Bench-201 cell of a supernet: node j = sum over i < j of MixedOp_ij(node i), each term
 * weighted by the edge's normalised beta with edge normalisation (PC-DARTS).
 */
final class Nb201SearchCell extends Module implements Nb201Cell {
    private final List<MixedEdge> edges = new ArrayList<>();
    private final List<EdgeSpec> specs;

    /**
     * @param partialChannels PC-DARTS's K (1: every channel through the ops)
     */
    Nb201SearchCell(ParamFactory f, List<EdgeSpec> specs, int channels, OpRegistry.OpOptions options, int partialChannels) {
        this.specs = specs;
        for (int e = 0; e < specs.size(); e++) {
            edges.add(child("edges." + e, MixedEdge.create(f, specs.get(e).ops(), channels, 1, options, partialChannels)));
        }
    }

    @Override
    public NDArray forward(NDArray x, CellWeights weights, boolean training) {
        NDArray[] nodes = new NDArray[Nb201Space.NODES];
        OpInput[] inputs = new OpInput[Nb201Space.NODES];
        nodes[0] = x;
        for (int e = 0; e < specs.size(); e++) {
            EdgeSpec s = specs.get(e);
            NDArray out = edges.get(e).forward(input(inputs, nodes, s.from()), weights.ops(e), weights.edge(e), training);
            nodes[s.to()] = nodes[s.to()] == null ? out : nodes[s.to()].add(out);
        }
        return nodes[Nb201Space.NODES - 1];
    }

    /** The shared view of a finished node (all its incoming edges are summed before it is read). */
    private static OpInput input(OpInput[] inputs, NDArray[] nodes, int node) {
        if (inputs[node] == null) {
            inputs[node] = new OpInput(nodes[node]);
        }
        return inputs[node];
    }
}
