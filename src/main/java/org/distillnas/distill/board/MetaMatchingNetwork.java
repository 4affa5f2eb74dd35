package org.distillnas.distill.board;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.distillnas.nn.Param;
import org.distillnas.util.NoGrad;

/**
 * Cream's matching network: one linear layer that scores how well a board entry suits a student,
 * from the differences between the student's softmax and the entry's stored softmax on the entry's
 * stored images,
 *
 * <pre>
 *   score(student, entry) = w . vec(softmax(student(X_e)) - P_e) + b,    w in R^(S*C), b in R
 * </pre>
 *
 * with X_e the entry's S stored images and P_e its stored (S, C) softmax. It is initialised as
 * PyTorch initialises a linear layer (uniform in +-1/sqrt(S*C), seeded) and learns only through
 * the look-ahead meta-gradient that {@code strategy.cream} computes; {@link #update} applies it.
 */
public final class MetaMatchingNetwork implements AutoCloseable {
    /** The reference code clips the meta-gradient's norm at 1 before its step. */
    public static final double GRAD_CLIP = 1.0;

    private final NDManager manager;
    private final Param weight;
    private final Param bias;
    private long updates;

    /**
     * @param inputs S * C, stored images per entry times classes
     * @param seed seeds the initial weights
     */
    public MetaMatchingNetwork(int inputs, long seed, DataType dataType, NDManager parent) {
        this.manager = parent.newSubManager();
        Random rng = new Random(seed);
        double bound = 1 / Math.sqrt(inputs);
        double[] w = new double[inputs];
        for (int i = 0; i < inputs; i++) {
            w[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        double b = (2 * rng.nextDouble() - 1) * bound;
        this.weight = new Param(Param.Kind.WEIGHT, owned(manager.create(w), dataType));
        this.bias = new Param(Param.Kind.WEIGHT, owned(manager.create(new double[] {b}), dataType));
    }

    /** {@code a} in {@code dataType}, owned by this network even when built inside an {@code NDScope}. */
    private static NDArray owned(NDArray a, DataType dataType) {
        NDArray out = a.toType(dataType, false);
        if (out != a) {
            a.close();
        }
        NDScope.unregister(out);
        return out;
    }

    /**
     * The matching score, a scalar array differentiable with respect to {@link #params()} (and to
     * the student's softmax).
     *
     * @param studentProbs (S, C) the student's softmax on the entry's stored images
     * @param storedProbs (S, C) the entry's stored softmax
     */
    public NDArray score(NDArray studentProbs, NDArray storedProbs) {
        NDArray diff = studentProbs.sub(storedProbs).reshape(-1);
        return diff.mul(weight.value()).sum().add(bias.value().reshape(new Shape()));
    }

    /** The layer's parameters by name ({@code weight}, {@code bias}). */
    public Map<String, Param> params() {
        Map<String, Param> out = new LinkedHashMap<>();
        out.put("weight", weight);
        out.put("bias", bias);
        return out;
    }

    /**
     * One SGD step on a meta-gradient: clipped to norm {@link #GRAD_CLIP}, then {@code p -= lr * g}.
     * A gradient that is not finite is not applied (one such step would make every later score NaN).
     *
     * @param grads the gradient of each parameter by name, as {@link #params()}
     * @return whether the step was applied
     */
    public boolean update(Map<String, NDArray> grads, double lr) {
        double norm = 0;
        for (NDArray g : grads.values()) {
            norm += g.square().sum().toType(DataType.FLOAT64, false).getDouble();
        }
        norm = Math.sqrt(norm);
        if (!Double.isFinite(norm)) {
            return false;
        }
        double scale = norm > GRAD_CLIP ? GRAD_CLIP / norm : 1;
        try (NoGrad ng = NoGrad.open()) {
            params().forEach((name, p) -> p.value().subi(grads.get(name).mul(lr * scale)));
        }
        updates++;
        return true;
    }

    /** Meta-gradient steps taken since the run started. */
    public long updates() {
        return updates;
    }

    /** The weights for a checkpoint, in a fixed order (a checkpoint's bytes must not depend on the JVM). */
    public Map<String, NDArray> stateArrays() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("meta.weight", weight.value());
        out.put("meta.bias", bias.value());
        return out;
    }

    public void loadState(Map<String, NDArray> arrays, long updates) {
        try (NoGrad ng = NoGrad.open()) {
            NDArray w = arrays.get("meta.weight");
            NDArray b = arrays.get("meta.bias");
            if (w == null || b == null) {
                throw new org.distillnas.util.BadInputException(
                        "checkpoint: no matching-network weights (meta.weight, meta.bias)");
            }
            weight.value().muli(0).addi(w.toType(weight.value().getDataType(), false));
            bias.value().muli(0).addi(b.toType(bias.value().getDataType(), false));
        }
        this.updates = updates;
    }

    @Override
    public void close() {
        manager.close();
    }
}
