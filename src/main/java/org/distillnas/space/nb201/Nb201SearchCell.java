package org.distillnas.space.nb201;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.ops.OpRegistry;
import org.distillnas.supernet.CellEdges;
import org.distillnas.supernet.CellWeights;
import org.distillnas.supernet.MixedEdge;

/**
 * The NAS-Bench-201 cell of a supernet: node j = sum over i < j of MixedOp_ij(node i), each term
 * weighted by the edge's normalised beta with edge normalisation (PC-DARTS).
 */
final class Nb201SearchCell extends Module implements Nb201Cell {
    private final CellEdges edges;

    /**
     * @param partialChannels PC-DARTS's K (1: every channel through the ops)
     */
    Nb201SearchCell(ParamFactory f, List<EdgeSpec> specs, int channels, OpRegistry.OpOptions options, int partialChannels,
            boolean fused) {
        List<MixedEdge> edges = new ArrayList<>();
        for (int e = 0; e < specs.size(); e++) {
            edges.add(child("edges." + e, MixedEdge.create(f, specs.get(e).ops(), channels, 1, options, partialChannels)));
        }
        this.edges = new CellEdges(specs, edges, Nb201Space.NODES, fused);
    }

    @Override
    public NDArray forward(NDArray x, CellWeights weights, boolean training) {
        NDArray[] nodes = new NDArray[Nb201Space.NODES];
        nodes[0] = x;
        edges.forward(nodes, weights, training);
        return nodes[Nb201Space.NODES - 1];
    }
}
