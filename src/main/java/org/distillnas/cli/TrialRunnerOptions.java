package org.distillnas.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.trial.LocalTrialRunner;
import org.distillnas.trial.TrialRunner;
import org.distillnas.util.BadInputException;
import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineConfig;
import org.distillnas.util.EngineSetup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the trials of a multi-run command run, and how often a failed one is tried again. */
final class TrialRunnerOptions {
    @Option(names = "--runner", defaultValue = "local", paramLabel = "local|kubernetes",
            description = "local: worker JVMs on this machine; kubernetes: one Job per trial (default: ${DEFAULT-VALUE}).")
    String runner;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Local trials at a time, one JVM each, the cores split between them (default: ${DEFAULT-VALUE};"
                    + " the kubernetes runner submits every trial and the cluster schedules them).")
    int workers;

    @Option(names = "--retries", defaultValue = "1", paramLabel = "N",
            description = "Times a failed trial is tried again, from its checkpoints, before it is reported (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu|gpu:N",
            description = "Device of the trials; with auto or gpu each local worker gets a GPU of its own, round robin"
                    + " (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--worker-heap", defaultValue = "2g", paramLabel = "SIZE",
            description = "Java heap of each worker JVM (tensors live outside it) (default: ${DEFAULT-VALUE}).")
    String workerHeap;

    /**
     * Worker k's options: its share of the cores and its device. Every worker's device is checked
     * before any starts, so a GPU that is not there fails once, in one line.
     */
    List<Map<String, String>> workerOptions() {
        DeviceChoice requested = DeviceChoice.parse(device);
        // only a GPU request needs libtorch loaded here, to count the GPUs
        int gpus = requested.equals(DeviceChoice.CPU) ? 0 : EngineSetup.start(EngineConfig.of(1, 1)).getGpuCount();
        List<Map<String, String>> out = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            Map<String, String> m = new LinkedHashMap<>(LocalTrialRunner.threadShare(workers));
            m.put("--device", DeviceChoice.forWorker(requested, k, gpus));
            out.add(java.util.Collections.unmodifiableMap(m));
        }
        return out;
    }

    /** Each step's JVM: its heap, and an out-of-memory error ends it at once instead of leaving it half alive. */
    List<String> jvmOptions() {
        if (!workerHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new BadInputException("--worker-heap " + workerHeap + ": expected a size such as 512m or 2g");
        }
        return List.of("-Xmx" + workerHeap, "-XX:+ExitOnOutOfMemoryError");
    }

    @Mixin
    KubernetesOptions kubernetes;

    /**
     * @param experiment names and labels the Kubernetes Jobs
     */
    TrialRunner runner(String experiment) {
        switch (runner) {
            case "local":
                List<Map<String, String>> perWorker = workerOptions();
                return new LocalTrialRunner(workers, retries, perWorker::get);
            case "kubernetes":
                // every trial a Job: the cluster decides how many run at once, --k8s-cpu their threads
                return kubernetes.runner(retries, experiment);
            default:
                throw new BadInputException("--runner " + runner + ": expected local or kubernetes");
        }
    }
}
