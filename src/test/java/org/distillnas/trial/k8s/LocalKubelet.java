package org.distillnas.trial.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.distillnas.trial.TrialSpec;
import org.distillnas.util.ChildJvm;

/**
 * The cluster's nodes and Job controller for the mock API server, which runs no pods: for each Job
 * it runs the Job's container command ({@code distillnas run-trial ...}) as a process on this
 * machine, whose file system is the shared volume, and sets the Job's status from the pods' exits,
 * a failed pod replaced until the Job's backoff limit. The runner under test sees what a cluster
 * would show it, and the trials really run.
 */
final class LocalKubelet implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> killFirstPodOf = ConcurrentHashMap.newKeySet();
    private final List<Thread> pods = new CopyOnWriteArrayList<>();
    /** Every pod's container, as the Job specified it. */
    final List<Container> containers = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean closed;

    LocalKubelet(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        watcher = new Thread(this::watch, "local-kubelet");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The first pod of this trial is killed (SIGKILL, as the out-of-memory killer does) once its search has begun. */
    void killFirstPodOf(String trialId) {
        killFirstPodOf.add(trialId);
    }

    private void watch() {
        while (!closed) {
            for (Job job : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
                if (started.add(job.getMetadata().getName())) {
                    Thread pod = new Thread(() -> runJob(job), "pod-" + job.getMetadata().getName());
                    pod.setDaemon(true);
                    pods.add(pod);
                    pod.start();
                }
            }
            sleep(50);
        }
    }

    private void runJob(Job job) {
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        String trial = job.getMetadata().getLabels().get(JobNames.TRIAL_LABEL);
        int limit = job.getSpec().getBackoffLimit();
        int failed = 0;
        try {
            while (!closed) {
                containers.add(c);
                setStatus(job, new JobStatusBuilder().withActive(1).withFailed(failed).build());
                List<String> command = new ArrayList<>(c.getCommand());
                command.addAll(c.getArgs());
                // the image's launcher is this build
                Process p = ChildJvm.builder(List.of("-Xmx512m"), "org.distillnas.cli.Main", command.subList(1, command.size()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (failed == 0 && killFirstPodOf.contains(trial)) {
                    Path spec = Path.of(c.getArgs().get(1));
                    while (p.isAlive() && !Files.exists(TrialSpec.dirOfSpec(spec).resolve("config.json"))) {
                        sleep(20);
                    }
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
                if (p.waitFor() == 0) {
                    setStatus(job, new JobStatusBuilder().withSucceeded(1).withFailed(failed)
                            .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
                    return;
                }
                failed++;
                if (failed > limit) {
                    setStatus(job, new JobStatusBuilder().withFailed(failed).withConditions(new JobConditionBuilder()
                            .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                            .withMessage("Job has reached the specified backoff limit").build()).build());
                    return;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("pod of " + job.getMetadata().getName() + ": " + e, e);
        }
    }

    private void setStatus(Job job, JobStatus status) {
        client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).editStatus(j -> {
            j.setStatus(status);
            return j;
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        watcher.join(5_000);
        for (Thread t : pods) {
            t.join(60_000);
        }
    }
}
