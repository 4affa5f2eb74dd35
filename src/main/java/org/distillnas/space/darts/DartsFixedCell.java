package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Edge;
import org.distillnas.supernet.DropPath;
import org.distillnas.space.ops.Identity;
import org.distillnas.space.ops.Op;
import org.distillnas.space.ops.OpInput;
import org.distillnas.space.ops.OpRegistry;
import org.distillnas.supernet.CellWeights;

/**
 * The DARTS cell of one genotype: each intermediate node sums its two chosen edges; the output
 * concatenates the genotype's concat nodes.
 */
final class DartsFixedCell extends Module implements DartsCell {
    private final Preprocess pre;
    private final List<Edge> genes;
    private final List<Integer> concat;
    private final List<Op> ops = new ArrayList<>();
    private final int outChannels;
    private final DropPath dropPath;

    DartsFixedCell(ParamFactory f, List<Edge> genes, List<Integer> concat, int cPrevPrev, int cPrev, int c,
            boolean reduction, boolean reductionPrev, DropPath dropPath) {
        this.dropPath = dropPath;
        this.genes = genes;
        this.concat = concat;
        pre = child("pre", new Preprocess(f, cPrevPrev, cPrev, c, reductionPrev, true));
        OpRegistry.OpOptions options = new OpRegistry.OpOptions(true, false);
        for (int i = 0; i < genes.size(); i++) {
            Edge g = genes.get(i);
            int stride = reduction && g.input() < DartsSpace.INPUTS ? 2 : 1;
            ops.add(child("ops." + i + "." + g.op(), OpRegistry.create(g.op(), f, c, stride, options)));
        }
        outChannels = concat.size() * c;
    }

    @Override
    public NDArray forward(NDArray s0, NDArray s1, CellWeights weights, boolean training) {
        int steps = genes.size() / 2;
        NDArray[] nodes = new NDArray[DartsSpace.INPUTS + steps];
        nodes[0] = pre.first(s0, training);
        nodes[1] = pre.second(s1, training);
        OpInput[] inputs = new OpInput[nodes.length];
        for (int k = 0; k < steps; k++) {
            NDArray a = edge(2 * k, input(inputs, nodes, genes.get(2 * k).input()), training);
            NDArray b = edge(2 * k + 1, input(inputs, nodes, genes.get(2 * k + 1).input()), training);
            nodes[DartsSpace.INPUTS + k] = a.add(b);
        }
        NDList out = new NDList();
        for (int node : concat) {
            out.add(nodes[node]);
        }
        return out.size() == 1 ? out.get(0) : NDArrays.concat(out, 1);
    }

    /** One chosen op; drop-path applies to every op but the identity, as in DARTS. */
    private NDArray edge(int i, OpInput in, boolean training) {
        Op op = ops.get(i);
        NDArray h = op.forward(in, training);
        return op instanceof Identity ? h : dropPath.apply(h, training);
    }

    private static OpInput input(OpInput[] inputs, NDArray[] nodes, int node) {
        if (inputs[node] == null) {
            inputs[node] = new OpInput(nodes[node]);
        }
        return inputs[node];
    }

    @Override
    public int outChannels() {
        return outChannels;
    }
}
