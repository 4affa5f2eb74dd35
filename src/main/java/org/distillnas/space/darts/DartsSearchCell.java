package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * The DARTS search cell: intermediate node j = sum over earlier nodes i of MixedOp_ij(node i),
 * each term weighted by the edge's normalised beta with edge normalisation (PC-DARTS);
 * output = concatenation of the intermediate nodes. In a reduction cell, edges from the two inputs
 * have stride 2.
 */
final class DartsSearchCell extends Module implements DartsCell {
    private final Preprocess pre;
    private final CellEdges edges;
    private final int outChannels;

    /**
     * @param partialChannels PC-DARTS's K (1: every channel through the ops)
     */
    DartsSearchCell(ParamFactory f, List<EdgeSpec> specs, int cPrevPrev, int cPrev, int c, boolean reduction,
            boolean reductionPrev, OpRegistry.OpOptions options, int partialChannels, boolean fused) {
        pre = child("pre", new Preprocess(f, cPrevPrev, cPrev, c, reductionPrev, options.affine()));
        List<MixedEdge> edges = new ArrayList<>();
        for (int e = 0; e < specs.size(); e++) {
            int stride = reduction && specs.get(e).from() < DartsSpace.INPUTS ? 2 : 1;
            edges.add(child("edges." + e, MixedEdge.create(f, specs.get(e).ops(), c, stride, options, partialChannels)));
        }
        this.edges = new CellEdges(specs, edges, DartsSpace.INPUTS + DartsSpace.STEPS, fused);
        outChannels = DartsSpace.STEPS * c;
    }

    @Override
    public NDArray forward(NDArray s0, NDArray s1, CellWeights weights, boolean training) {
        NDArray[] nodes = new NDArray[DartsSpace.INPUTS + DartsSpace.STEPS];
        nodes[0] = pre.first(s0, training);
        nodes[1] = pre.second(s1, training);
        edges.forward(nodes, weights, training);
        NDList concat = new NDList();
        for (int i = DartsSpace.INPUTS; i < nodes.length; i++) {
            concat.add(nodes[i]);
        }
        return ai.djl.ndarray.NDArrays.concat(concat, 1);
    }

    @Override
    public int outChannels() {
        return outChannels;
    }
}
