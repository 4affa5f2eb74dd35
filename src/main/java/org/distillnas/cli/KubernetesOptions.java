package org.distillnas.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import org.distillnas.trial.TrialRunner;
import org.distillnas.trial.k8s.KubernetesRunnerConfig;
import org.distillnas.trial.k8s.KubernetesTrialRunner;
import picocli.CommandLine.Option;

/**
 * Options of the Kubernetes trial runner, for a command that runs trials ({@code --runner
 * kubernetes}): where the Jobs run, on what image, with what volume and resources. See
 * docs/CLUSTER.md.
 */
public final class KubernetesOptions {
    @Option(names = "--k8s-namespace", paramLabel = "NAME", defaultValue = "default",
            description = "Namespace of the trials' Jobs (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--k8s-image", paramLabel = "IMAGE", defaultValue = "distillnas:latest",
            description = "Container image with distillnas on its PATH, built from the repository's Dockerfile (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--k8s-pull-policy", paramLabel = "POLICY",
            description = "Image pull policy of the pods: Always, IfNotPresent or Never (default: the cluster's).")
    String pullPolicy;

    @Option(names = "--k8s-pvc", paramLabel = "CLAIM",
            description = "PersistentVolumeClaim (ReadWriteMany) holding the experiment folder, mounted in every pod; required.")
    String pvc;

    @Option(names = "--k8s-mount", paramLabel = "PATH", defaultValue = "/runs",
            description = "Where the claim is mounted in the pods (default: ${DEFAULT-VALUE}).")
    String mount;

    @Option(names = "--k8s-root", paramLabel = "PATH",
            description = "The experiment folder as the pods see it, under --k8s-mount (default: its absolute path here).")
    String root;

    @Option(names = "--k8s-cpu", paramLabel = "QUANTITY", defaultValue = "2",
            description = "CPU requested and limited per trial; its steps use that many threads (default: ${DEFAULT-VALUE}).")
    String cpu;

    @Option(names = "--k8s-memory", paramLabel = "QUANTITY", defaultValue = "4Gi",
            description = "Memory requested and limited per trial, e.g. 4Gi (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--k8s-gpu", paramLabel = "N", defaultValue = "0",
            description = "nvidia.com/gpu per trial; more than 0 runs the steps with --device gpu (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--k8s-poll-seconds", paramLabel = "S", defaultValue = "10",
            description = "Seconds between two readings of the Jobs' status (default: ${DEFAULT-VALUE}).")
    double pollSeconds;

    /**
     * The options as a runner configuration; fails with one line on a bad option.
     *
     * @param retries pods a trial may fail before it is reported failed
     * @param experimentName names and labels the Jobs (e.g. the spec file's name without extension)
     */
    public KubernetesRunnerConfig config(int retries, String experimentName) {
        if (!(pollSeconds > 0) || Double.isInfinite(pollSeconds)) {
            throw new org.distillnas.util.BadInputException("--k8s-poll-seconds " + pollSeconds + ": expected a positive number");
        }
        return new KubernetesRunnerConfig(namespace, image, pullPolicy, pvc, mount, root, cpu, memory, gpus, retries,
                Duration.ofMillis(Math.max(1, Math.round(pollSeconds * 1000))), experimentName);
    }

    /**
     * A runner of Jobs on the cluster of {@code ~/.kube/config} ({@code KUBECONFIG}), or of the pod's
     * service account when the command itself runs in a pod. The options are checked first, so a bad
     * one fails before any connection.
     */
    public TrialRunner runner(int retries, String experimentName) {
        KubernetesRunnerConfig config = config(retries, experimentName);
        KubernetesClient client = new KubernetesClientBuilder().build();
        return new KubernetesTrialRunner(client, config);
    }
}
