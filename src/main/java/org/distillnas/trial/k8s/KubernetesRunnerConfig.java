package org.distillnas.trial.k8s;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.distillnas.util.BadInputException;

/**
 * Where and how the Kubernetes runner runs trials. Checked when built, so a typo in an option
 * fails at once with one line, not after the first Job was rejected by the API server.
 *
 * @param namespace the namespace of the Jobs (a DNS-1123 label)
 * @param image the container image holding {@code distillnas} on its PATH
 * @param imagePullPolicy {@code Always}, {@code IfNotPresent}, {@code Never}, or null for the
 *     cluster's default
 * @param pvc the PersistentVolumeClaim holding the experiment root, shared by every pod and by the
 *     machine that runs the command
 * @param mountPath where the claim is mounted in the pods
 * @param remoteRoot the experiment root as the pods see it, under {@code mountPath}; null when it is
 *     the same absolute path as on this machine (e.g. an NFS export mounted at the same path)
 * @param cpu CPU of each trial's pod, a Kubernetes quantity ({@code 2}, {@code 500m}): requested and
 *     limited, and the thread count of its steps
 * @param memory memory of each trial's pod ({@code 4Gi}): requested and limited
 * @param gpus {@code nvidia.com/gpu} of each trial's pod; 0 for none
 * @param retries pods a trial may fail before it is reported failed (the Job's backoff limit)
 * @param pollInterval how often the runner reads the Jobs' status
 * @param experiment the experiment's name, for the Jobs' names and labels
 */
public record KubernetesRunnerConfig(String namespace, String image, String imagePullPolicy, String pvc,
        String mountPath, String remoteRoot, String cpu, String memory, int gpus, int retries, Duration pollInterval,
        String experiment) {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    /** A Kubernetes quantity: a decimal number and a binary or decimal suffix, or an exponent. */
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?\\d+)?");
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

    public KubernetesRunnerConfig {
        if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
            throw new BadInputException("--k8s-namespace '" + namespace
                    + "': expected a namespace name (1-63 lower-case letters, digits or '-', starting and ending with a letter or digit)");
        }
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new BadInputException("--k8s-image '" + image + "': expected a container image holding distillnas,"
                    + " e.g. registry.example.org/distillnas:1.0 (see docs/CLUSTER.md)");
        }
        if (imagePullPolicy != null && !PULL_POLICIES.contains(imagePullPolicy)) {
            throw new BadInputException("--k8s-pull-policy '" + imagePullPolicy + "': expected Always, IfNotPresent or Never");
        }
        if (pvc == null || !DNS_SUBDOMAIN.matcher(pvc).matches()) {
            throw new BadInputException((pvc == null ? "--k8s-pvc is missing" : "--k8s-pvc '" + pvc + "'") + ": expected the name of the PersistentVolumeClaim that holds"
                    + " the experiment folder for every pod (see docs/CLUSTER.md)");
        }
        requireAbsolute("--k8s-mount", mountPath);
        if (remoteRoot != null) {
            requireAbsolute("--k8s-root", remoteRoot);
            requireUnderMount(remoteRoot, mountPath);
        }
        requirePositiveQuantity("--k8s-cpu", cpu, "e.g. 2 or 500m");
        requirePositiveQuantity("--k8s-memory", memory, "e.g. 4Gi or 512Mi");
        if (gpus < 0) {
            throw new BadInputException("--k8s-gpu " + gpus + ": expected 0 or more");
        }
        if (retries < 0) {
            throw new BadInputException("--retries " + retries + ": expected 0 or more");
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new BadInputException("--k8s-poll-seconds: expected a positive interval, not " + pollInterval);
        }
        if (experiment == null || experiment.isBlank()) {
            throw new BadInputException("the experiment's name is empty: the Kubernetes Jobs are labelled with it");
        }
    }

    /**
     * The experiment root as the pods see it: {@code remoteRoot}, or this machine's absolute path of
     * {@code localRoot}, which then must lie under the mount path.
     */
    public String remoteRootFor(java.nio.file.Path localRoot) {
        if (remoteRoot != null) {
            return trimSlash(remoteRoot);
        }
        String same = localRoot.toAbsolutePath().normalize().toString();
        if (!isUnder(same, mountPath)) {
            throw new BadInputException("the experiment folder " + same + " is not under --k8s-mount " + mountPath
                    + ": pass --k8s-root with the folder as the pods see it on the claim " + pvc);
        }
        return same;
    }

    /** Threads of each step: the whole CPUs of the pod, at least 1. */
    public int threads() {
        return Math.max(1, cores(cpu).intValue());
    }

    private static BigDecimal cores(String quantity) {
        return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(quantity));
    }

    private static void requirePositiveQuantity(String option, String value, String example) {
        if (value == null || !QUANTITY.matcher(value).matches() || cores(value).signum() <= 0) {
            throw new BadInputException(option + " '" + value + "': expected a positive Kubernetes quantity, " + example);
        }
    }

    private static void requireAbsolute(String option, String path) {
        if (path == null || !path.startsWith("/")) {
            throw new BadInputException(option + " '" + path + "': expected an absolute path in the pods, e.g. /runs");
        }
    }

    private static void requireUnderMount(String root, String mount) {
        if (!isUnder(root, mount)) {
            throw new BadInputException("--k8s-root " + root + " is not under --k8s-mount " + mount
                    + ": the pods would write outside the shared volume");
        }
    }

    private static boolean isUnder(String path, String dir) {
        String d = dir.replaceAll("/+$", "");
        String p = path.replaceAll("/+$", "");
        return d.isEmpty() || p.equals(d) || p.startsWith(d + "/");
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
