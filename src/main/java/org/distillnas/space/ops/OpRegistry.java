package org.distillnas.space.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.Primitives;
import org.distillnas.util.BadInputException;

/**
 * Builds candidate operations by name. A space lists op names per edge; adding an op means adding
 * one entry here, without touching cells, supernets or strategies.
 */
public final class OpRegistry {
    /** Builds one op for an edge. */
    @FunctionalInterface
    public interface Factory {
        Op create(ParamFactory f, int channels, int stride, OpOptions options);
    }

    /**
     * How ops are built in a given network.
     *
     * @param affine BatchNorm with trainable gamma/beta (off in DARTS search cells)
     * @param poolBn a non-affine BatchNorm after pooling ops (on in DARTS search cells)
     * @param trackRunningStats BatchNorm keeps running statistics for evaluation (otherwise it
     *     normalises with batch statistics in evaluation too)
     */
    public record OpOptions(boolean affine, boolean poolBn, boolean trackRunningStats) {
        public OpOptions(boolean affine, boolean poolBn) {
            this(affine, poolBn, true);
        }
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        register(Primitives.NONE, (f, c, s, o) -> new Zero(s));
        register(Primitives.SKIP, (f, c, s, o) -> s == 1 ? new Identity()
                : new FactorizedReduce(f, c, c, o.affine(), o.trackRunningStats()));
        register(Primitives.NOR_CONV_1X1, (f, c, s, o) -> new ReluConvBn(f, c, c, 1, s, 0, o.affine(), o.trackRunningStats()));
        register(Primitives.NOR_CONV_3X3, (f, c, s, o) -> new ReluConvBn(f, c, c, 3, s, 1, o.affine(), o.trackRunningStats()));
        register(Primitives.AVG_POOL_3X3, (f, c, s, o) -> new Pool(f, false, c, s, o.poolBn(), o.trackRunningStats()));
        register(Primitives.MAX_POOL_3X3, (f, c, s, o) -> new Pool(f, true, c, s, o.poolBn(), o.trackRunningStats()));
        register(Primitives.SEP_CONV_3X3, (f, c, s, o) -> new SepConv(f, c, c, 3, s, 1, o.affine(), o.trackRunningStats()));
        register(Primitives.SEP_CONV_5X5, (f, c, s, o) -> new SepConv(f, c, c, 5, s, 2, o.affine(), o.trackRunningStats()));
        register(Primitives.DIL_CONV_3X3, (f, c, s, o) -> new DilConv(f, c, c, 3, s, 2, 2, o.affine(), o.trackRunningStats()));
        register(Primitives.DIL_CONV_5X5, (f, c, s, o) -> new DilConv(f, c, c, 5, s, 4, 2, o.affine(), o.trackRunningStats()));
        register(Primitives.NOISE, (f, c, s, o) -> new Noise(s));
    }

    private OpRegistry() {}

    /** Adds (or replaces) the factory of an op name. */
    public static synchronized void register(String name, Factory factory) {
        FACTORIES.put(name, factory);
    }

    public static synchronized boolean contains(String name) {
        return FACTORIES.containsKey(name);
    }

    public static synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(FACTORIES.keySet()));
    }

    /** Builds op {@code name}; an unknown name is a user error naming the valid ones. */
    public static Op create(String name, ParamFactory f, int channels, int stride, OpOptions options) {
        Factory factory;
        synchronized (OpRegistry.class) {
            factory = FACTORIES.get(name);
        }
        if (factory == null) {
            throw new BadInputException("unknown op '" + name + "': expected one of " + String.join(", ", names()));
        }
        return factory.create(f, channels, stride, options);
    }
}
