package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.Module;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.util.BadInputException;
import org.distillnas.util.NoGrad;

/**
 * The architecture weights alpha of a supernet: per cell type a matrix with one row per edge and
 * one column per candidate op. Edges of one cell type must share their op count (true of every
 * space here, S1-S4 included) so that one softmax over the last axis serves the whole cell.
 */
public final class ArchWeights extends Module {
    private final Map<String, Param> alphas = new LinkedHashMap<>();

    public ArchWeights(ParamFactory f, Map<String, List<EdgeSpec>> cells) {
        cells.forEach((type, edges) -> {
            int k = edges.get(0).ops().size();
            for (EdgeSpec e : edges) {
                if (e.ops().size() != k) {
                    throw new BadInputException("cell '" + type + "' edge " + e.label() + " has " + e.ops().size()
                            + " ops, expected " + k + " like its other edges");
                }
            }
            alphas.put(type, param(type, f.architecture(new Shape(edges.size(), k))));
        });
    }

    public Map<String, Param> alphas() {
        return alphas;
    }

    public Param alpha(String cellType) {
        return alphas.get(cellType);
    }

    /**
     * softmax(alpha) of one cell type split into one scalar per (edge, op), created in the caller's
     * scope; differentiable when recorded.
     */
    public NDArray[][] edgeWeights(String cellType) {
        NDArray a = alphas.get(cellType).value();
        Shape s = a.getShape();
        int edges = (int) s.get(0);
        int ops = (int) s.get(1);
        NDArray[] flat = a.softmax(1).reshape(edges * ops).split(edges * ops).toArray(new NDArray[0]);
        NDArray[][] out = new NDArray[edges][ops];
        for (int e = 0; e < edges; e++) {
            System.arraycopy(flat, e * ops, out[e], 0, ops);
        }
        return out;
    }

    /** softmax(alpha) per cell type as plain numbers, for discretisation and logging. */
    public Map<String, double[][]> probabilities() {
        Map<String, double[][]> out = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.open()) {
            alphas.forEach((type, p) -> {
                try (NDArray sm = p.value().softmax(1); NDArray d = sm.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)) {
                    Shape s = sm.getShape();
                    double[] v = d.toDoubleArray();
                    double[][] rows = new double[(int) s.get(0)][(int) s.get(1)];
                    for (int e = 0; e < rows.length; e++) {
                        System.arraycopy(v, e * rows[e].length, rows[e], 0, rows[e].length);
                    }
                    out.put(type, rows);
                }
            });
        }
        return out;
    }
}
