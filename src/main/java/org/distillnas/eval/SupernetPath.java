package org.distillnas.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.data.BatchStream;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.Primitives;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.supernet.CellWeights;
import org.distillnas.supernet.Supernet;

/**
 * One-shot evaluation of a discrete architecture as a path through the supernet itself: every
 * edge the genotype keeps mixes its ops with weight 1 on the chosen op and 0 on the others and
 * enters its node with weight 1; every other edge (and an edge whose chosen op is none) with
 * weight 0. For a supernet with partial channel connections (PC-DARTS) this is the architecture
 * with the chosen op on the first C/K channels of each kept edge and the other channels bypassing
 * it, the only form whose weights the supernet holds. BatchNorm statistics are recalibrated as for
 * an inherited network, on a copy, so the supernet is left as it was.
 */
public final class SupernetPath {
    private SupernetPath() {}

    public static Evaluator.Result evaluate(SearchSpace space, Supernet supernet, Genotype genotype, MacroConfig macro,
            BatchStream train, BatchStream eval, int recalibrationBatches, NDManager manager) {
        Map<String, double[][]> selection = space.selection(genotype);
        try (NDManager m = manager.newSubManager()) {
            Supernet copy = space.supernet(macro, supernet.options(), new ParamFactory(m, 0));
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            supernet.namedParams().forEach((name, p) -> arrays.put(name, p.value()));
            copy.loadArrays(arrays, "", "supernet", "a copy is built with the supernet's own options");
            Map<String, CellWeights> weights = fixedWeights(space, selection, m);
            BnRecalibration.run(copy, x -> copy.forward(x, weights, true), train, recalibrationBatches, m);
            return Evaluator.evaluate((x, training) -> copy.forward(x, weights, training), eval, m);
        }
    }

    /** The selection as constant op and edge weights, on {@code m}. */
    static Map<String, CellWeights> fixedWeights(SearchSpace space, Map<String, double[][]> selection, NDManager m) {
        Map<String, CellWeights> out = new LinkedHashMap<>();
        space.cells().forEach((type, edges) -> {
            double[][] rows = selection.get(type);
            NDArray[][] ops = new NDArray[edges.size()][];
            NDArray[] edgeWeights = new NDArray[edges.size()];
            for (int e = 0; e < edges.size(); e++) {
                ops[e] = new NDArray[rows[e].length];
                for (int o = 0; o < rows[e].length; o++) {
                    ops[e][o] = m.create(new float[] {(float) rows[e][o]});
                }
                edgeWeights[e] = m.create(new float[] {kept(edges.get(e), rows[e]) ? 1f : 0f});
            }
            out.put(type, new CellWeights(ops, edgeWeights));
        });
        return out;
    }

    /** True when the row selects an op other than none. */
    private static boolean kept(EdgeSpec edge, double[] row) {
        List<String> ops = edge.ops();
        for (int o = 0; o < row.length; o++) {
            if (row[o] != 0 && !ops.get(o).equals(Primitives.NONE)) {
                return true;
            }
        }
        return false;
    }
}
