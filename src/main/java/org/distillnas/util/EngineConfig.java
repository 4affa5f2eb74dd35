package org.distillnas.util;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a run computes: the libtorch thread counts, and whether supernet cells are fused. A run records them in its {@code config.json}
 * because they decide results: with more intra-op threads a reduction sums its parts in another
 * order, so the same run on 1 and on 2 threads differs in the last bits after a few steps. A run
 * resumed with other thread counts than it started with is therefore not the run that was killed.
 *
 * @param threads intra-op threads (libtorch's {@code set_num_threads}), at least 1
 * @param interopThreads inter-op threads, at least 1
 * @param fused supernet cells compute the edges leaving a node together (see
 *     {@code SupernetOptions.fused}); like the thread count it changes results in the last bits.
 *     Null in runs recorded before fusion existed, which computed edge by edge.
 * @param device the device the run's tensors lived on ({@code cpu} or {@code gpu:N}, see
 *     {@link DeviceChoice}), for the record: a resumed run computes on the device its command line
 *     asks for. Null when not known (runs recorded before it was, configurations not yet run).
 */
public record EngineConfig(@JsonProperty("threads") int threads, @JsonProperty("interop_threads") int interopThreads,
        @JsonProperty("fused") Boolean fused,
        @JsonProperty("device") @JsonInclude(JsonInclude.Include.NON_NULL) String device) {
    public EngineConfig {
        if (threads < 1 || interopThreads < 1) {
            throw new BadInputException("threads " + threads + ", interop threads " + interopThreads
                    + ": expected positive counts");
        }
    }

    /** On no device yet. */
    public EngineConfig(int threads, int interopThreads, Boolean fused) {
        this(threads, interopThreads, fused, null);
    }

    /** Fused, on no device yet. */
    public EngineConfig(int threads, int interopThreads) {
        this(threads, interopThreads, true);
    }

    /** True when supernet cells are fused; false for runs recorded before fusion existed. */
    public boolean isFused() {
        return Boolean.TRUE.equals(fused);
    }

    public EngineConfig withFused(boolean on) {
        return new EngineConfig(threads, interopThreads, on, device);
    }

    /** This configuration on {@code newDevice} ({@code cpu} or {@code gpu:N}). */
    public EngineConfig withDevice(String newDevice) {
        return new EngineConfig(threads, interopThreads, fused, newDevice);
    }

    /**
     * Thread counts from the command line's convention: 0 intra-op threads means all cores, 0
     * inter-op threads means 1; negative counts are a user error.
     */
    public static EngineConfig of(int threads, int interopThreads) {
        if (threads < 0 || interopThreads < 0) {
            throw new BadInputException("--threads " + threads + " / --interop-threads " + interopThreads
                    + ": expected 0 (the default) or a positive count");
        }
        return new EngineConfig(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                interopThreads == 0 ? 1 : interopThreads);
    }

    /**
     * The line to print when a run resumes with other thread counts than it recorded, or with none
     * recorded (runs from before they were), or on another device than it recorded; null when they agree.
     */
    public static String resumeWarning(EngineConfig recorded, EngineConfig inForce) {
        if (inForce == null) {
            return null;
        }
        if (recorded != null && recorded.threads() == inForce.threads()
                && recorded.interopThreads() == inForce.interopThreads() && recorded.isFused() == inForce.isFused()) {
            // allowed, but another device's kernels round differently
            return recorded.device() == null || inForce.device() == null || recorded.device().equals(inForce.device()) ? null
                    : "warning: this run started on " + recorded.device() + " and resumes on " + inForce.device()
                    + ": its results will differ from an uninterrupted run's (pass --device " + recorded.device()
                    + " to continue it exactly)";
        }
        if (recorded != null && recorded.threads() == inForce.threads()
                && recorded.interopThreads() == inForce.interopThreads()) {
            return "warning: this run computed its supernet " + (recorded.isFused() ? "fused" : "edge by edge")
                    + " and resumes " + (inForce.isFused() ? "fused" : "edge by edge")
                    + ": its results will differ from an uninterrupted run's in the last digits"
                    + (recorded.isFused() ? " (drop --unfused to continue it exactly)" : " (pass --unfused to continue it exactly)");
        }
        if (recorded == null) {
            return "note: this run did not record its thread count (it predates that); it resumes with "
                    + inForce.threads() + " thread(s): pass the --threads it started with to continue it exactly";
        }
        return "warning: this run started with " + recorded.threads() + " thread(s) (interop " + recorded.interopThreads()
                + ") and resumes with " + inForce.threads() + " (interop " + inForce.interopThreads()
                + "): sums run in another order, so its results will differ from an uninterrupted run's in the last digits";
    }
}
