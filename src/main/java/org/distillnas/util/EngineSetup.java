package org.distillnas.util;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine offline with the requested thread counts. Must run before anything
 * touches {@link Engine}: DJL reads these settings once, when the engine loads. Also tunes glibc's
 * allocator for tensor reuse ({@link NativeAllocator}).
 */
public final class EngineSetup {
    private static volatile boolean started;

    private EngineSetup() {}

    /**
     * @param threads intra-op threads (libtorch's {@code set_num_threads}); 0 = all cores
     * @param interopThreads inter-op threads; 0 = 1
     */
    public static synchronized Engine start(int threads, int interopThreads) {
        if (threads < 0 || interopThreads < 0) {
            throw new BadInputException("--threads " + threads + ": expected 0 (all cores) or a positive count");
        }
        // Without this DJL's telemetry probes the network when the engine is chosen.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        if (!started) {
            NativeAllocator.tune();
            int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(t));
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interopThreads == 0 ? 1 : interopThreads));
        }
        Engine engine = Engine.getEngine("PyTorch");
        started = true;
        return engine;
    }
}
