package org.distillnas.cli;

import java.util.List;
import java.util.Map;
import org.distillnas.trial.LocalTrialRunner;
import org.distillnas.trial.TrialRunner;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Option;

/** Where the trials of a multi-run command run, and how often a failed one is tried again. */
final class TrialRunnerOptions {
    @Option(names = "--runner", defaultValue = "local", paramLabel = "local|kubernetes",
            description = "local: worker JVMs on this machine; kubernetes: one Job per trial (default: ${DEFAULT-VALUE}).")
    String runner;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Local trials at a time, one JVM each, the cores split between them (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--retries", defaultValue = "1", paramLabel = "N",
            description = "Times a failed trial is tried again, from its checkpoints, before it is reported (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--worker-heap", defaultValue = "2g", paramLabel = "SIZE",
            description = "Java heap of each worker JVM (tensors live outside it) (default: ${DEFAULT-VALUE}).")
    String workerHeap;

    /** Each step's JVM: its heap, and an out-of-memory error ends it at once instead of leaving it half alive. */
    List<String> jvmOptions() {
        if (!workerHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new BadInputException("--worker-heap " + workerHeap + ": expected a size such as 512m or 2g");
        }
        return List.of("-Xmx" + workerHeap, "-XX:+ExitOnOutOfMemoryError");
    }

    TrialRunner runner(String experiment) {
        if (runner.equals("local")) {
            return new LocalTrialRunner(workers, retries, k -> Map.copyOf(LocalTrialRunner.threadShare(workers)));
        }
        throw new BadInputException("--runner " + runner + ": expected local or kubernetes");
    }
}
