package org.distillnas.trial.k8s;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a Job's status does not say but its pods do: why a pod failed (killed for memory, evicted)
 * and why one does not start (no node fits its requests, its image cannot be pulled). A Job whose
 * pod waits for an image waits forever, so the runner shows that in its progress line.
 */
final class JobPods {
    /** The label Kubernetes gives the pods of a Job. */
    static final String JOB_NAME_LABEL = "job-name";
    /** Waiting reasons that are normal while a container starts. */
    private static final Set<String> STARTING = Set.of("ContainerCreating", "PodInitializing");

    private final KubernetesClient client;
    private final String namespace;

    JobPods(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Why the Job's latest failed pod failed, e.g. "pod x: OOMKilled (exit 137)"; empty if unknown. */
    String lastFailure(String jobName) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, jobName).list().getItems();
        return pods.stream().filter(p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()))
                .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .map(JobPods::failureOf).orElse("");
    }

    private static String failureOf(Pod p) {
        String name = "pod " + p.getMetadata().getName() + ": ";
        Optional<ContainerStateTerminated> t = containers(p).stream()
                .map(c -> c.getState() == null ? null : c.getState().getTerminated())
                .filter(java.util.Objects::nonNull).findFirst();
        if (t.isPresent()) {
            String reason = t.get().getReason() == null ? "terminated" : t.get().getReason();
            return name + reason + " (exit " + t.get().getExitCode() + ")"
                    + ("OOMKilled".equals(reason) ? ", raise --k8s-memory or lower the trial's -Xmx" : "");
        }
        return name + String.valueOf(p.getStatus().getReason()) + ": " + String.valueOf(p.getStatus().getMessage());
    }

    /**
     * Why pods of these Jobs wait, as "TRIAL: REASON" sorted by trial (unschedulable, image not
     * pulled, bad configuration); empty when none waits for such a reason.
     *
     * @param trialOfJob the trial id of each Job name the runner waits for
     */
    List<String> waiting(Map<String, String> selector, Map<String, String> trialOfJob) {
        Set<String> out = new TreeSet<>();
        for (Pod p : client.pods().inNamespace(namespace).withLabels(selector).list().getItems()) {
            String job = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(JOB_NAME_LABEL);
            String trial = trialOfJob.get(job);
            if (trial == null || p.getStatus() == null || !"Pending".equals(p.getStatus().getPhase())) {
                continue;
            }
            reasonOf(p).ifPresent(r -> out.add(trial + ": " + r));
        }
        return new ArrayList<>(out);
    }

    private static Optional<String> reasonOf(Pod p) {
        for (PodCondition c : p.getStatus().getConditions() == null ? List.<PodCondition>of() : p.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                return Optional.of("not scheduled (" + c.getReason() + ": " + c.getMessage() + ")");
            }
        }
        return containers(p).stream()
                .map(c -> c.getState() == null ? null : c.getState().getWaiting())
                .filter(w -> w != null && w.getReason() != null && !STARTING.contains(w.getReason()))
                .map(JobPods::describe).findFirst();
    }

    private static String describe(ContainerStateWaiting w) {
        return w.getReason() + (w.getMessage() == null ? "" : " (" + w.getMessage() + ")");
    }

    private static List<ContainerStatus> containers(Pod p) {
        return p.getStatus().getContainerStatuses() == null ? List.of() : p.getStatus().getContainerStatuses();
    }
}
