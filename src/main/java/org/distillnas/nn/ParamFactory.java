package org.distillnas.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Creates the parameters of a network on one long-lived manager, drawing initial values from one
 * seeded Java random stream so that a network built twice with the same seed is identical, whatever
 * libtorch's own generator did before.
 */
public final class ParamFactory {
    /** How convolution and linear weights are initialised. */
    public enum InitScheme {
        /** PyTorch's default: uniform in +-1/sqrt(fan_in) (Kaiming uniform with a = sqrt(5)). */
        PYTORCH_DEFAULT,
        /** Kaiming normal for ReLU networks: N(0, 2 / fan_in). */
        KAIMING_NORMAL
    }

    private final NDManager manager;
    private final Random rng;
    private final DataType dtype;
    private final InitScheme scheme;

    public ParamFactory(NDManager manager, long seed) {
        this(manager, seed, DataType.FLOAT32, InitScheme.PYTORCH_DEFAULT);
    }

    public ParamFactory(NDManager manager, long seed, DataType dtype, InitScheme scheme) {
        this.manager = manager;
        this.rng = new Random(seed);
        this.dtype = dtype;
        this.scheme = scheme;
    }

    public NDManager manager() {
        return manager;
    }

    public DataType dtype() {
        return dtype;
    }

    /** A weight of {@code shape} whose fan-in is the product of all dimensions but the first. */
    public Param weight(Shape shape) {
        long fanIn = shape.size() / shape.get(0);
        float[] v = new float[Math.toIntExact(shape.size())];
        if (scheme == InitScheme.KAIMING_NORMAL) {
            double std = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * std);
            }
        } else {
            fillUniform(v, 1.0 / Math.sqrt(fanIn));
        }
        return new Param(Param.Kind.WEIGHT, create(v, shape));
    }

    /** A bias of a layer with the given fan-in: uniform in +-1/sqrt(fan_in), as PyTorch does. */
    public Param bias(long size, long fanIn) {
        float[] v = new float[Math.toIntExact(size)];
        fillUniform(v, 1.0 / Math.sqrt(fanIn));
        return new Param(Param.Kind.WEIGHT, create(v, new Shape(size)));
    }

    /** A tensor filled with {@code value}, of the given kind (BN gamma/beta or a buffer). */
    public Param constant(Param.Kind kind, Shape shape, float value) {
        NDArray a = manager.full(shape, value, dtype);
        return new Param(kind, a);
    }

    /** Architecture weights initialised as 1e-3 * N(0, 1), as in the DARTS code. */
    public Param architecture(Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1e-3 * rng.nextGaussian());
        }
        return new Param(Param.Kind.ARCH, create(v, shape));
    }

    private void fillUniform(float[] v, double bound) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
    }

    private NDArray create(float[] v, Shape shape) {
        NDArray a = manager.create(v, shape);
        return dtype == DataType.FLOAT32 ? a : convert(a);
    }

    private NDArray convert(NDArray a) {
        NDArray b = a.toType(dtype, false);
        a.close();
        return b;
    }
}
