package org.distillnas.space.nb201;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.space.ops.Op;
import org.distillnas.space.ops.OpInput;
import org.distillnas.space.ops.OpRegistry;
import org.distillnas.supernet.CellWeights;

/** The NAS-Bench-201 cell of one architecture: one op per edge. */
final class Nb201FixedCell extends Module implements Nb201Cell {
    private final List<Op> ops = new ArrayList<>();
    private final List<EdgeSpec> specs;

    Nb201FixedCell(ParamFactory f, List<EdgeSpec> specs, Nb201Genotype genotype, int channels) {
        this.specs = specs;
        OpRegistry.OpOptions options = new OpRegistry.OpOptions(true, false);
        for (int e = 0; e < specs.size(); e++) {
            EdgeSpec s = specs.get(e);
            String op = genotype.op(s.to(), s.from());
            ops.add(child("edges." + e + "." + op, OpRegistry.create(op, f, channels, 1, options)));
        }
    }

    @Override
    public NDArray forward(NDArray x, CellWeights weights, boolean training) {
        NDArray[] nodes = new NDArray[Nb201Space.NODES];
        OpInput[] inputs = new OpInput[Nb201Space.NODES];
        nodes[0] = x;
        for (int e = 0; e < specs.size(); e++) {
            EdgeSpec s = specs.get(e);
            if (ops.get(e).isZero() && !onlyZeros(s.to())) {
                continue; // adding zeros changes nothing; a node fed only by none still gets its zeros
            }
            NDArray out = ops.get(e).forward(input(inputs, nodes, s.from()), training);
            nodes[s.to()] = nodes[s.to()] == null ? out : nodes[s.to()].add(out);
        }
        return nodes[Nb201Space.NODES - 1];
    }

    /** True when every edge into {@code node} is the none op. */
    private boolean onlyZeros(int node) {
        for (int e = 0; e < specs.size(); e++) {
            if (specs.get(e).to() == node && !ops.get(e).isZero()) {
                return false;
            }
        }
        return true;
    }

    /** The shared view of a finished node (all its incoming edges are summed before it is read). */
    private static OpInput input(OpInput[] inputs, NDArray[] nodes, int node) {
        if (inputs[node] == null) {
            inputs[node] = new OpInput(nodes[node]);
        }
        return inputs[node];
    }
}
