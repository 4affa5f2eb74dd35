package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
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
 * The architecture weights of a supernet: per cell type, alpha, a matrix with one row per edge and
 * one column per candidate op, and with edge normalisation (PC-DARTS) beta, one entry per edge.
 * Edges of one cell type must share their op count (true of every space here, S1-S4 included) so
 * that one softmax over the last axis serves the whole cell. Parameters are named
 * {@code <cell type>} (alpha) and {@code beta.<cell type>}.
 */
public final class ArchWeights extends Module {
    private final Map<String, Param> alphas = new LinkedHashMap<>();
    private final Map<String, Param> betas = new LinkedHashMap<>();
    /** Per cell type, the edges into each target node (the groups beta is normalised over). */
    private final Map<String, List<int[]>> nodes = new LinkedHashMap<>();

    public ArchWeights(ParamFactory f, Map<String, List<EdgeSpec>> cells) {
        this(f, cells, false);
    }

    /**
     * @param edgeNormalization add the per-edge parameters beta (after every alpha, as the PC-DARTS
     *     code draws them), initialised like alpha
     */
    public ArchWeights(ParamFactory f, Map<String, List<EdgeSpec>> cells, boolean edgeNormalization) {
        cells.forEach((type, edges) -> {
            int k = edges.get(0).ops().size();
            for (EdgeSpec e : edges) {
                if (e.ops().size() != k) {
                    throw new BadInputException("cell '" + type + "' edge " + e.label() + " has " + e.ops().size()
                            + " ops, expected " + k + " like its other edges");
                }
            }
            alphas.put(type, param(type, f.architecture(new Shape(edges.size(), k))));
            nodes.put(type, incoming(edges));
        });
        if (edgeNormalization) {
            cells.forEach((type, edges) -> betas.put(type, param("beta." + type, f.architecture(new Shape(edges.size())))));
        }
    }

    /** Edge indices grouped by target node, in order of first appearance. */
    private static List<int[]> incoming(List<EdgeSpec> edges) {
        Map<Integer, List<Integer>> byNode = new LinkedHashMap<>();
        for (int e = 0; e < edges.size(); e++) {
            byNode.computeIfAbsent(edges.get(e).to(), n -> new ArrayList<>()).add(e);
        }
        List<int[]> out = new ArrayList<>();
        byNode.values().forEach(l -> out.add(l.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    public Map<String, Param> alphas() {
        return alphas;
    }

    public Param alpha(String cellType) {
        return alphas.get(cellType);
    }

    /** The edge-normalisation parameters beta by cell type; empty without edge normalisation. */
    public Map<String, Param> betas() {
        return betas;
    }

    public boolean edgeNormalization() {
        return !betas.isEmpty();
    }

    /** The weights of every cell type for one forward pass, created in the caller's scope. */
    public Map<String, CellWeights> cellWeights() {
        Map<String, CellWeights> out = new LinkedHashMap<>();
        alphas.keySet().forEach(type -> out.put(type, cellWeights(type)));
        return out;
    }

    /** softmax(alpha) per (edge, op) and, with edge normalisation, the normalised beta per edge. */
    public CellWeights cellWeights(String cellType) {
        return new CellWeights(edgeWeights(cellType), betas.isEmpty() ? null : normalizedBetas(cellType));
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

    /**
     * Edge normalisation (Xu et al. 2020, Sec. 3.3, Eq. 4): the weight of edge (i, j) is
     * {@code exp(beta_ij) / sum_{i' < j} exp(beta_i'j)}, a softmax over the edges into node j only.
     * One scalar per edge, differentiable when recorded.
     */
    private NDArray[] normalizedBetas(String cellType) {
        NDArray b = betas.get(cellType).value();
        int edges = (int) b.getShape().get(0);
        NDArray[] single = b.split(edges).toArray(new NDArray[0]);
        NDArray[] out = new NDArray[edges];
        for (int[] group : nodes.get(cellType)) {
            NDList members = new NDList();
            for (int e : group) {
                members.add(single[e]);
            }
            NDArray[] normalized = NDArrays.concat(members).softmax(0).split(group.length).toArray(new NDArray[0]);
            for (int i = 0; i < group.length; i++) {
                out[group[i]] = normalized[i];
            }
        }
        return out;
    }

    /** softmax(alpha) per cell type as plain numbers, for logging. */
    public Map<String, double[][]> probabilities() {
        Map<String, double[][]> out = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.open()) {
            alphas.forEach((type, p) -> {
                try (NDArray sm = p.value().softmax(1); NDArray d = sm.toType(DataType.FLOAT64, false)) {
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

    /**
     * The normalised beta of every edge per cell type (each node's incoming edges sum to 1), as
     * plain numbers; empty without edge normalisation.
     */
    public Map<String, double[]> edgeProbabilities() {
        Map<String, double[]> out = new LinkedHashMap<>();
        betas.forEach((type, p) -> {
            double[] beta = values(p);
            double[] w = new double[beta.length];
            for (int[] group : nodes.get(type)) {
                double[] g = new double[group.length];
                for (int i = 0; i < group.length; i++) {
                    g[i] = beta[group[i]];
                }
                softmaxInPlace(g);
                for (int i = 0; i < group.length; i++) {
                    w[group[i]] = g[i];
                }
            }
            out.put(type, w);
        });
        return out;
    }

    /**
     * The op scores a genotype is discretised from: softmax(alpha), each edge's row multiplied by
     * its normalised beta when there is edge normalisation (PC-DARTS, Sec. 3.3: an edge's
     * connectivity is decided by the product of both normalised coefficients).
     */
    public Map<String, double[][]> scores() {
        Map<String, double[][]> probs = probabilities();
        edgeProbabilities().forEach((type, w) -> {
            double[][] rows = probs.get(type);
            for (int e = 0; e < rows.length; e++) {
                for (int o = 0; o < rows[e].length; o++) {
                    rows[e][o] *= w[e];
                }
            }
        });
        return probs;
    }

    private static double[] values(Param p) {
        NDArray v = p.value();
        if (v.getDataType() == DataType.FLOAT64) {
            return v.toDoubleArray();
        }
        try (NoGrad ignored = NoGrad.open(); NDArray d = v.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    private static void softmaxInPlace(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
    }
}
