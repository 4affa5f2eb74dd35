package org.distillnas.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A node of a network: it owns named parameters and named child modules. Forward computation is
 * defined by each subclass with the signature it needs (a mixed op takes its op weights too), so
 * this class only provides the tree that names, saves and optimizes the parameters.
 *
 * <p>Names are dotted paths from the root, as in PyTorch's {@code state_dict}, e.g.
 * {@code cells.0.edges.3.nor_conv_3x3.conv.weight}.
 */
public abstract class Module {
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Param> params = new LinkedHashMap<>();

    /** Registers a child module under {@code name} and returns it. */
    protected final <M extends Module> M child(String name, M module) {
        if (children.putIfAbsent(name, module) != null) {
            throw new IllegalStateException("duplicate child module " + name);
        }
        return module;
    }

    /** Registers a parameter under {@code name} and returns it. */
    protected final Param param(String name, Param param) {
        if (params.putIfAbsent(name, param) != null) {
            throw new IllegalStateException("duplicate parameter " + name);
        }
        return param;
    }

    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Every parameter of this module and its descendants, by dotted name, in registration order. */
    public final Map<String, Param> namedParams() {
        Map<String, Param> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Param> out) {
        params.forEach((name, p) -> out.put(prefix + name, p));
        children.forEach((name, m) -> m.collect(prefix + name + ".", out));
    }

    /** The parameters that satisfy {@code filter}, in registration order. */
    public final List<Param> params(Predicate<Param> filter) {
        List<Param> out = new ArrayList<>();
        for (Param p : namedParams().values()) {
            if (filter.test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The parameters that satisfy {@code filter}, by dotted name, in registration order. */
    public final Map<String, Param> namedParams(Predicate<Param> filter) {
        Map<String, Param> out = new LinkedHashMap<>();
        namedParams().forEach((name, p) -> {
            if (filter.test(p)) {
                out.put(name, p);
            }
        });
        return out;
    }

    /**
     * Copies {@code arrays.get(prefix + name)} into every parameter and buffer, in place. A missing
     * tensor or one of another shape is a user error naming {@code source} and suggesting
     * {@code hint} (why the saved tensors may not fit this network).
     */
    public final void loadArrays(Map<String, ai.djl.ndarray.NDArray> arrays, String prefix, String source, String hint) {
        try (org.distillnas.util.NoGrad ignored = org.distillnas.util.NoGrad.open()) {
            namedParams().forEach((name, p) -> {
                ai.djl.ndarray.NDArray a = arrays.get(prefix + name);
                if (a == null || !a.getShape().equals(p.value().getShape())) {
                    throw new org.distillnas.util.BadInputException(source + " does not match the network: tensor '"
                            + prefix + name + "' is " + (a == null ? "missing" : "of shape " + a.getShape())
                            + ", the network has " + p.value().getShape() + " (" + hint + ")");
                }
                p.value().muli(0).addi(a);
            });
        }
    }

    /** Number of scalars in weights and BatchNorm affine parameters (not buffers, not alphas). */
    public final long countParameters() {
        long n = 0;
        for (Param p : namedParams().values()) {
            if (p.kind() == Param.Kind.WEIGHT || p.kind() == Param.Kind.BN_AFFINE) {
                n += p.size();
            }
        }
        return n;
    }
}
