package org.distillnas.cli;

import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineConfig;
import org.distillnas.util.EngineSetup;
import picocli.CommandLine.Option;

/** Thread, fusion and device options shared by every command that runs the engine. */
final class EngineOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads of libtorch (0 = all cores; default: all cores, or what the resumed run recorded).")
    Integer threads;

    @Option(names = "--interop-threads", paramLabel = "N",
            description = "Inter-op threads of libtorch (default: 1, or what the resumed run recorded).")
    Integer interopThreads;

    @Option(names = "--unfused",
            description = "Compute supernet cells edge by edge instead of fused (same function, slower; for comparisons).")
    boolean unfused;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "Where the tensors live: auto (the first GPU if libtorch can use one, else the CPU), cpu, gpu"
                + " (the first GPU) or gpu:N (default: ${DEFAULT-VALUE}; see README 'GPUs').")
    String device;

    /** Starts the engine with the thread counts given, or their defaults, on the device asked for. */
    void start() {
        EngineSetup.start(requested(), device());
    }

    /**
     * Starts the engine with the thread counts given, or {@code defaultThreads} intra-op threads
     * when none are (a command whose own workers run in parallel wants 1 per worker).
     */
    void start(int defaultThreads) {
        EngineSetup.start(EngineConfig.of(threads == null ? defaultThreads : threads,
                interopThreads == null ? 1 : interopThreads).withFused(!unfused), device());
    }

    /**
     * Starts the engine for a run that resumes: with the thread counts it recorded, since they
     * decide its results, unless the command line sets them (the run then warns what that costs).
     */
    void startResumed(EngineConfig recorded) {
        EngineSetup.start(forResume(recorded), device());
    }

    /**
     * The device asked for, read before the engine loads so that a typo costs no time. A resumed run
     * takes it from the command line too, not from its record: on another device it only differs in
     * the last digits, and a run started on a GPU machine may have to finish on a CPU.
     */
    DeviceChoice device() {
        return DeviceChoice.parse(device == null ? "auto" : device);
    }

    /**
     * How a resumed run computes: the thread counts recorded, unless the command line sets them, and
     * fused as recorded, unless {@code --unfused}.
     */
    EngineConfig forResume(EngineConfig recorded) {
        if (recorded == null) {
            return requested();
        }
        EngineConfig threadsOf = threads != null || interopThreads != null ? requested() : recorded;
        // as recorded (edge by edge for runs recorded before fusion existed), unless --unfused
        return threadsOf.withFused(!unfused && recorded.isFused());
    }

    private EngineConfig requested() {
        return EngineConfig.of(threads == null ? 0 : threads, interopThreads == null ? 1 : interopThreads).withFused(!unfused);
    }
}
