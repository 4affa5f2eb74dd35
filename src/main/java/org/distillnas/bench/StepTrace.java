package org.distillnas.bench;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Optional profiling of a benchmark program's timed steps: with {@code -Ddistillnas.profile=FILE}
 * libtorch's profiler records every op of the steps after the warm-up and writes a Chrome trace to
 * FILE ({@link OpProfile} reads it). Off otherwise, at no cost.
 */
public final class StepTrace {
    /** The system property naming the trace file. */
    public static final String PROPERTY = "distillnas.profile";
    /** {@code -Ddistillnas.fused=false} builds the benchmark's supernet edge by edge. */
    public static final String FUSED_PROPERTY = "distillnas.fused";

    private StepTrace() {}

    /** Starts the profiler when {@code step} is the first timed one and a trace was asked for. */
    static void atStep(int step, int warmup) {
        if (step == warmup && System.getProperty(PROPERTY) != null) {
            JniUtils.startProfile(false, false, false);
        }
    }

    /** Writes the trace, if one is being recorded. */
    static void finish() {
        String file = System.getProperty(PROPERTY);
        if (file != null) {
            JniUtils.stopProfile(file);
        }
    }

    static boolean fused() {
        return !"false".equals(System.getProperty(FUSED_PROPERTY));
    }
}
