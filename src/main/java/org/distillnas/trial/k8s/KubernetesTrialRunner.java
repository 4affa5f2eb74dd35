package org.distillnas.trial.k8s;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.distillnas.trial.TrialListener;
import org.distillnas.trial.TrialOutcome;
import org.distillnas.trial.TrialRunner;
import org.distillnas.trial.TrialSpec;
import org.distillnas.util.BadInputException;

/**
 * Runs each trial as a Kubernetes Job: one pod at a time runs {@code distillnas run-trial} on the
 * trial's spec, on a volume that this machine shares with the pods (the experiment root), and the
 * Job's backoff limit retries a failed pod. The runner creates the Jobs, then reads their status
 * every poll interval until each has ended.
 *
 * <ul>
 *   <li>A Job that completes is a finished trial when its results are in the trial's folder here;
 *       if they are not, the volume is not shared and the trial is reported failed.
 *   <li>A Job that fails (backoff limit reached) is a failed trial, with the condition's message
 *       and the tail of the trial's log.
 *   <li>A Job deleted from outside while the runner waits is a failed trial and is not recreated:
 *       deleting a Job is how a user cancels a trial. Running the command again resubmits it.
 *   <li>A runner started again adopts the still active Jobs of the one before it rather than
 *       starting a second pod beside them, and replaces the ended Jobs of unfinished trials.
 * </ul>
 *
 * <p>Interrupting the runner's thread (Ctrl-C) stops it waiting; the Jobs are left running. They
 * finish on their own, and the next invocation finds the trials finished or adopts their Jobs.
 */
public final class KubernetesTrialRunner implements TrialRunner {
    /** How long polls may fail in a row before the runner gives up waiting. */
    static final java.time.Duration API_PATIENCE = java.time.Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final KubernetesRunnerConfig config;

    /** @param client a client of the cluster (tests pass a mock API server's) */
    public KubernetesTrialRunner(KubernetesClient client, KubernetesRunnerConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public String describe() {
        return "Kubernetes Jobs in namespace " + config.namespace() + " of " + client.getMasterUrl() + " (image "
                + config.image() + ", " + config.cpu() + " cpu, " + config.memory() + " memory"
                + (config.gpus() > 0 ? ", " + config.gpus() + " " + TrialJobs.GPU_RESOURCE : "") + ", claim "
                + config.pvc() + " at " + config.mountPath() + "), " + config.retries() + " retr"
                + (config.retries() == 1 ? "y" : "ies");
    }

    @Override
    public List<TrialOutcome> run(Path root, List<TrialSpec> trials, TrialListener listener) throws InterruptedException {
        TrialJobs jobs = new TrialJobs(config, config.remoteRootFor(root));
        JobPods pods = new JobPods(client, config.namespace());
        Map<String, TrialOutcome> outcomes = new HashMap<>();
        Map<String, Job> existing = listJobs(jobs);
        List<TrackedJob> waiting = new ArrayList<>();
        for (TrialSpec trial : trials) {
            if (trial.isFinished(TrialSpec.dir(root, trial.id()))) {
                end(new TrialOutcome(trial.id(), TrialOutcome.Status.ALREADY_FINISHED, 0, ""), outcomes, listener);
                continue;
            }
            try {
                waiting.add(submit(root, trial, existing.get(jobs.name(trial)), jobs, listener));
            } catch (KubernetesClientException e) {
                end(TrialOutcome.failed(trial.id(), 0, "cannot submit its Job " + jobs.name(trial) + ": "
                        + firstLine(e)), outcomes, listener);
            }
        }
        JobProgress progress = new JobProgress(listener);
        long failingSince = 0;
        while (!waiting.isEmpty()) {
            Thread.sleep(config.pollInterval().toMillis());
            Map<String, Job> now;
            try {
                now = listJobs(jobs);
                failingSince = 0;
            } catch (BadInputException e) {
                failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
                if (System.nanoTime() - failingSince > API_PATIENCE.toNanos()) {
                    throw new BadInputException(e.getMessage() + "; the Jobs go on without this runner: run the same"
                            + " command again to wait for them", e);
                }
                progress.report("cannot read the Jobs (" + e.getMessage() + "), trying again");
                continue;
            }
            for (Iterator<TrackedJob> it = waiting.iterator(); it.hasNext(); ) {
                TrackedJob t = it.next();
                Optional<TrialOutcome> o = t.update(now.get(t.name()), listener, pods, "the claim " + config.pvc());
                if (o.isPresent()) {
                    it.remove();
                    end(o.get(), outcomes, listener);
                    progress.ended(o.get(), t.wasDeleted());
                }
            }
            progress.report(waiting.size(), waitingPods(pods, jobs, waiting));
        }
        List<TrialOutcome> ordered = new ArrayList<>();
        trials.forEach(t -> ordered.add(outcomes.get(t.id())));
        return ordered;
    }

    /**
     * Creates the trial's Job, or adopts the active one an earlier invocation left, or replaces an
     * ended one (its trial is not finished, so this invocation must run it again).
     */
    private TrackedJob submit(Path root, TrialSpec trial, Job existing, TrialJobs jobs, TrialListener listener)
            throws InterruptedException {
        if (existing != null && existing.getMetadata().getDeletionTimestamp() == null && !TrackedJob.ended(existing)) {
            TrackedJob adopted = new TrackedJob(trial, existing, root);
            listener.progress("trial " + trial.id() + ": its Job " + adopted.name()
                    + " from an earlier invocation is still active; waiting for it (attempt " + adopted.attempt() + ")");
            return adopted;
        }
        if (existing != null) {
            deleteAndWait(existing);
        }
        Job created = client.batch().v1().jobs().inNamespace(config.namespace()).resource(jobs.job(trial)).create();
        listener.attemptStarted(trial.id(), 1);
        return new TrackedJob(trial, created, root);
    }

    /** Deletes an ended Job with its pods and waits until its name is free again. */
    private void deleteAndWait(Job job) throws InterruptedException {
        var resource = client.batch().v1().jobs().inNamespace(config.namespace()).withName(job.getMetadata().getName());
        resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (resource.get() != null) {
            if (System.nanoTime() > deadline) {
                throw new KubernetesClientException("its ended Job " + job.getMetadata().getName()
                        + " from an earlier invocation is still being deleted after 2 minutes");
            }
            Thread.sleep(config.pollInterval().toMillis());
        }
    }

    /** The Jobs of this experiment by name; an unreachable or refusing API server is one line. */
    private Map<String, Job> listJobs(TrialJobs jobs) {
        try {
            Map<String, Job> byName = new LinkedHashMap<>();
            client.batch().v1().jobs().inNamespace(config.namespace()).withLabels(jobs.experimentLabels()).list()
                    .getItems().forEach(j -> byName.put(j.getMetadata().getName(), j));
            return byName;
        } catch (KubernetesClientException e) {
            throw new BadInputException("cannot list the Jobs in namespace " + config.namespace() + " of the Kubernetes"
                    + " API server " + client.getMasterUrl() + ": " + firstLine(e)
                    + " (the cluster comes from ~/.kube/config, KUBECONFIG or the pod's service account)", e);
        }
    }

    private List<String> waitingPods(JobPods pods, TrialJobs jobs, List<TrackedJob> waiting) {
        if (waiting.isEmpty()) {
            return List.of();
        }
        Map<String, String> trialOfJob = new HashMap<>();
        waiting.forEach(t -> trialOfJob.put(t.name(), t.trial().id()));
        try {
            return pods.waiting(jobs.experimentLabels(), trialOfJob);
        } catch (KubernetesClientException e) { // pods unreadable (no permission): Jobs still tell progress
            return List.of();
        }
    }

    private static void end(TrialOutcome o, Map<String, TrialOutcome> outcomes, TrialListener listener) {
        outcomes.put(o.id(), o);
        listener.ended(o);
    }

    /**
     * What went wrong in a few words: the API server's own message (403: "jobs.batch is forbidden:
     * ..."), else the cause the client wraps ("Connection refused"), not the client's generic
     * "Operation: [list] for kind: [Job] ... failed".
     */
    private static String firstLine(KubernetesClientException e) {
        String m = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : null;
        if (m == null) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            m = root.getMessage() != null ? root.getMessage() : root.toString();
        }
        return m.lines().findFirst().orElse("");
    }
}
