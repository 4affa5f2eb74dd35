package org.distillnas.util;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * Starts DJL's PyTorch engine offline with the requested thread counts, and holds the device the
 * run's tensors live on. Must run before anything touches {@link Engine}: DJL reads the thread
 * settings once, when the engine loads, so the first call in a process decides them and
 * {@link #inForce()} says what they are. The device is not an engine setting: each call that
 * names one sets it for the managers created after it ({@link #newManager()}). Also tunes glibc's
 * allocator for tensor reuse ({@link NativeAllocator}).
 */
public final class EngineSetup {
    private static volatile EngineConfig inForce;
    private static volatile Device device;

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

    /**
     * Starts the engine as {@link #start(EngineConfig)} does, then puts every manager created from
     * now on ({@link #newManager()}) on {@code choice}'s device, which {@link #inForce()} then names.
     *
     * @throws BadInputException when {@code choice} is a GPU that libtorch cannot use here
     */
    public static synchronized Engine start(EngineConfig config, DeviceChoice choice) {
        Engine engine = start(config);
        Device d = choice.resolve(engine.getGpuCount());
        device = d;
        inForce = inForce.withDevice(DeviceChoice.of(d).toString());
        return engine;
    }

    /** Puts the managers created from now on on {@code d} without checking it (null: back to auto); for tests. */
    static void useDevice(Device d) {
        device = d;
    }

    /**
     * The device of the run's tensors: the one chosen by {@link #start(EngineConfig, DeviceChoice)},
     * or {@code auto}'s when none was (library use), which is also what DJL would pick by itself.
     */
    public static Device device() {
        Device d = device;
        return d != null ? d : DeviceChoice.AUTO.resolve(Engine.getInstance().getGpuCount());
    }

    /**
     * A new base manager on {@link #device()}: the root of a run's arrays. Every array created from it
     * or from its sub-managers (parameters, batches, labels, masks, checkpoints read back) and every
     * result of an op on those lives on that device. The caller closes it.
     */
    public static NDManager newManager() {
        return NDManager.newBaseManager(device());
    }

    /** The thread counts the engine runs with, or null before {@link #start}. */
    public static EngineConfig inForce() {
        return inForce;
    }
}
