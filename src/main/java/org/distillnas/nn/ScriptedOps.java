package org.distillnas.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.distillnas.util.EngineSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Element-wise activations that DJL 0.35.1 binds no libtorch kernel for, run as one-op TorchScript
 * modules (written by {@code tools/scripted_ops.py}, shipped under {@code ops/}): libtorch's fused
 * {@code hardswish}, {@code hardsigmoid} and {@code silu}, forward and backward, autograd included.
 *
 * <p>Why: composed from DJL's ops, h-swish is {@code x * clamp(x + 3, 0, 6) / 6}, four kernels
 * forward and about eight backward, and on a 64x144x16x16 map it took 17-19 ms against 1.2-1.6 ms for
 * the fused pair (docs/BENCHMARKS.md); a module call costs about 20 us of overhead. The results are
 * the same functions (the tests compare values and gradients with the composites).
 *
 * <p>{@link #apply} returns null when the modules are not in use, and the caller computes the
 * composite: with another engine, when a module cannot be loaded (logged once), or when switched
 * off with {@code -Ddistillnas.scripted-ops=off} or {@code DISTILLNAS_SCRIPTED_OPS=off} (for
 * comparisons). Modules are loaded once per process and hold no state, so threads share them.
 */
public final class ScriptedOps {
    /** The scripted activations. */
    public enum Op {
        HARDSWISH,
        HARDSIGMOID,
        SILU;

        String resource() {
            return "ops/" + name().toLowerCase(Locale.ROOT) + ".pt";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScriptedOps.class);
    private static final boolean GRAPH_OPTIMIZER =
            Boolean.parseBoolean(System.getProperty("ai.djl.pytorch.graph_optimizer", "true"));
    private static volatile Map<Op, PtSymbolBlock> modules;

    private ScriptedOps() {}

    /** Whether the switch allows the modules (it does unless set to off). */
    public static boolean enabled() {
        String p = System.getProperty("distillnas.scripted-ops");
        if (p == null) {
            p = System.getenv("DISTILLNAS_SCRIPTED_OPS");
        }
        return p == null || !p.equalsIgnoreCase("off");
    }

    /** {@code op(x)} by the fused kernel, or null when the caller should compute the composite. */
    public static NDArray apply(Op op, NDArray x) {
        if (!enabled()) {
            return null;
        }
        Map<Op, PtSymbolBlock> loaded = modules();
        if (loaded.isEmpty()) {
            return null;
        }
        // DJL applies its graph-optimizer setting (a per-thread libtorch flag) only in its own block
        // forward, which this call bypasses; off, as the launcher sets it, the profiling executor does
        // not re-specialise the module for every new shape of an elastic subnet
        JniUtils.setGraphExecutorOptimize(GRAPH_OPTIMIZER);
        // training = true: the flag only selects the module's mode; gradients follow the grad mode
        return IValueUtils.forward(loaded.get(op), new NDList(x), true).singletonOrThrow();
    }

    private static Map<Op, PtSymbolBlock> modules() {
        Map<Op, PtSymbolBlock> m = modules;
        if (m == null) {
            synchronized (ScriptedOps.class) {
                m = modules;
                if (m == null) {
                    m = load();
                    modules = m;
                }
            }
        }
        return m;
    }

    private static Map<Op, PtSymbolBlock> load() {
        Map<Op, PtSymbolBlock> out = new EnumMap<>(Op.class);
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return out;
        }
        // a manager that lives as long as the process, like the modules
        NDManager manager = EngineSetup.newManager();
        for (Op op : Op.values()) {
            try (InputStream in = ScriptedOps.class.getClassLoader().getResourceAsStream(op.resource())) {
                if (in == null) {
                    throw new IOException("resource " + op.resource() + " is missing");
                }
                out.put(op, JniUtils.loadModule((PtNDManager) manager, in, true, false));
            } catch (IOException | RuntimeException e) {
                LOG.warn("fused {} unavailable, using the composite op: {}", op.name().toLowerCase(Locale.ROOT), e.toString());
                return new EnumMap<>(Op.class);
            }
        }
        return out;
    }
}
