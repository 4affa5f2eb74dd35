package org.distillnas.strategy;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.nn.Param;

/** Small gradient utilities shared by the strategies; results live in the caller's scope. */
public final class Grads {
    private Grads() {}

    /** Switches gradient tracking of every parameter of a group on or off. */
    public static void track(Map<String, Param> params, boolean on) {
        params.values().forEach(p -> p.track(on));
    }

    public static void zero(Map<String, Param> params) {
        params.values().forEach(Param::zeroGradient);
    }

    /** Copies of the current gradients (parameters without one are left out). */
    public static Map<String, NDArray> copy(Map<String, Param> params) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        params.forEach((name, p) -> {
            NDArray g = p.gradientOrNull();
            if (g != null) {
                out.put(name, g.duplicate());
            }
        });
        return out;
    }

    /** The global L2 norm of a set of arrays. */
    public static double norm(Iterable<NDArray> arrays) {
        double sum = 0;
        for (NDArray a : arrays) {
            try (NDArray sq = a.square(); NDArray s = sq.sum()) {
                sum += s.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            }
        }
        return Math.sqrt(sum);
    }

    /** The global L2 norm of the gradients of {@code params} (0 when none has one), with one host synchronisation. */
    public static double gradientNorm(Map<String, Param> params) {
        java.util.List<NDArray> grads = new java.util.ArrayList<>();
        params.values().forEach(p -> {
            NDArray g = p.gradientOrNull();
            if (g != null) {
                grads.add(g);
            }
        });
        return grads.isEmpty() ? 0 : globalNorm(grads);
    }

    /** The global L2 norm of non-empty {@code arrays}, with one host synchronisation for all of them. */
    private static double globalNorm(java.util.List<NDArray> arrays) {
        ai.djl.ndarray.NDList squares = new ai.djl.ndarray.NDList();
        arrays.forEach(a -> squares.add(a.square().sum()));
        try (NDArray total = ai.djl.ndarray.NDArrays.stack(squares).sum();
                NDArray d = total.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)) {
            return Math.sqrt(d.getDouble());
        } finally {
            squares.close();
        }
    }

    /**
     * Scales the gradients so that their global L2 norm is at most {@code maxNorm}, as PyTorch's
     * {@code clip_grad_norm_}; returns the norm before clipping (NaN when clipping is off).
     */
    public static double clipNorm(Map<String, Param> params, double maxNorm) {
        if (maxNorm <= 0) {
            return Double.NaN; // clipping off: skip the norm (one host sync per parameter)
        }
        java.util.List<NDArray> grads = new java.util.ArrayList<>();
        for (Param p : params.values()) {
            NDArray g = p.gradientOrNull();
            if (g != null) {
                grads.add(g);
            }
        }
        if (grads.isEmpty()) {
            return 0;
        }
        double norm = globalNorm(grads);
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            // one scalar tensor for all (DJL makes a native tensor of every Java scalar operand)
            NDArray first = grads.get(0);
            try (NDArray s = first.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64
                    ? first.getManager().create(scale) : first.getManager().create((float) scale)) {
                grads.forEach(g -> g.muli(s));
            }
        }
        return norm;
    }
}
