package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * The DARTS search cell: intermediate node j = sum over earlier nodes i of MixedOp_ij(node i),
 * each term weighted by the edge's normalised beta with edge normalisation (PC-DARTS);
 * output = concatenation of the intermediate nodes. In a reduction cell, edges from the two inputs
 * have stride 2.
 */
final class DartsSearchCell extends Module implements DartsCell {
    private final Preprocess pre;
    private final List<EdgeSpec> specs;
    private final List<MixedEdge> edges = new ArrayList<>();
    private final int outChannels;

    /**
     * @param partialChannels PC-DARTS's K (1: every channel through the ops)
     */
    DartsSearchCell(ParamFactory f, List<EdgeSpec> specs, int cPrevPrev, int cPrev, int c, boolean reduction,
            boolean reductionPrev, OpRegistry.OpOptions options, int partialChannels) {
        this.specs = specs;
        pre = child("pre", new Preprocess(f, cPrevPrev, cPrev, c, reductionPrev, options.affine()));
        for (int e = 0; e < specs.size(); e++) {
            int stride = reduction && specs.get(e).from() < DartsSpace.INPUTS ? 2 : 1;
            edges.add(child("edges." + e, MixedEdge.create(f, specs.get(e).ops(), c, stride, options, partialChannels)));
        }
        outChannels = DartsSpace.STEPS * c;
    }

    @Override
    public NDArray forward(NDArray s0, NDArray s1, CellWeights weights, boolean training) {
        NDArray[] nodes = new NDArray[DartsSpace.INPUTS + DartsSpace.STEPS];
        OpInput[] inputs = new OpInput[nodes.length];
        nodes[0] = pre.first(s0, training);
        nodes[1] = pre.second(s1, training);
        for (int e = 0; e < specs.size(); e++) {
            EdgeSpec s = specs.get(e);
            if (inputs[s.from()] == null) {
                inputs[s.from()] = new OpInput(nodes[s.from()]); // edges are ordered by target node
            }
            NDArray out = edges.get(e).forward(inputs[s.from()], weights.ops(e), weights.edge(e), training);
            nodes[s.to()] = nodes[s.to()] == null ? out : nodes[s.to()].add(out);
        }
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
