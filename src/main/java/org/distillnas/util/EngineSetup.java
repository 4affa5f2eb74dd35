package org.distillnas.util;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine offline with the requested thread counts. Must run before anything
 * touches {@link Engine}: DJL reads these settings once, when the engine loads, so the first call
 * in a process decides them and {@link #inForce()} says what they are. Also tunes glibc's
 * allocator for tensor reuse ({@link NativeAllocator}).
 */
public final class EngineSetup {
    private static volatile EngineConfig inForce;

    private EngineSetup() {}

    /**
     * @param threads intra-op threads (libtorch's {@code set_num_threads}); 0 = all cores
     * @param interopThreads inter-op threads; 0 = 1
     */
    public static Engine start(int threads, int interopThreads) {
        return start(EngineConfig.of(threads, interopThreads));
    }

    /** Starts the engine with {@code config}'s thread counts, unless it is running already. */
    public static synchronized Engine start(EngineConfig config) {
        // Without this DJL's telemetry probes the network when the engine is chosen.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        if (inForce == null) {
            NativeAllocator.tune();
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(config.interopThreads()));
        }
        Engine engine = Engine.getEngine("PyTorch");
        if (inForce == null) {
            inForce = config;
        }
        return engine;
    }

    /** The thread counts the engine runs with, or null before {@link #start}. */
    public static EngineConfig inForce() {
        return inForce;
    }
}
