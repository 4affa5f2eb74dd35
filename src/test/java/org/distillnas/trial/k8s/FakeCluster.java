package org.distillnas.trial.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.trial.TrialSpec;
import org.distillnas.trial.TrialStep;

/**
 * Plays the cluster's part against the mock API server, which runs no pods: it finds a trial's
 * Job, writes what its pod would write on the shared volume (the trial's result file, log lines)
 * and sets the Job's status as the Job controller would.
 */
final class FakeCluster {
    static final String NAMESPACE = "trials";
    /** The file whose existence means a test trial finished. */
    static final String DONE = "result.json";

    private final KubernetesClient client;
    private final Path root;

    FakeCluster(KubernetesClient client, Path root) {
        this.client = client;
        this.root = root;
    }

    static TrialSpec trial(String id) {
        return new TrialSpec(id, List.of(new TrialStep("search", List.of("search", "--out", TrialStep.TRIAL), null, DONE, null)),
                List.of("-Xmx1g"));
    }

    /** The trial's Jobs (normally one). */
    List<Job> jobsOf(String trialId) {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withLabel(JobNames.TRIAL_LABEL, trialId).list().getItems();
    }

    /** Waits until the runner has created the trial's Job. */
    Job awaitJob(String trialId) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Job> jobs = jobsOf(trialId);
            if (!jobs.isEmpty()) {
                return jobs.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no Job for trial " + trialId + " after 20 s");
    }

    /** A pod starts: the Job has one active pod. */
    void start(String trialId) throws InterruptedException {
        setStatus(trialId, new JobStatusBuilder().withActive(1).build());
    }

    /** A pod fails and the Job starts another ({@code failed} pods failed so far). */
    void podFailed(String trialId, int failed, String logLine) throws InterruptedException {
        appendLog(trialId, logLine);
        setStatus(trialId, new JobStatusBuilder().withActive(1).withFailed(failed).build());
    }

    /** The trial's pod writes its results and the Job completes. */
    void succeed(String trialId, int failedBefore) throws InterruptedException {
        awaitJob(trialId); // results written before the runner looked would make the trial finished already
        writeResult(trialId);
        succeedWithoutResults(trialId, failedBefore);
    }

    /** The Job completes, yet nothing reached the shared volume (a volume that is not shared). */
    void succeedWithoutResults(String trialId, int failedBefore) throws InterruptedException {
        setStatus(trialId, new JobStatusBuilder().withSucceeded(1).withFailed(failedBefore)
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
    }

    /** The last pod fails and the Job reaches its backoff limit. */
    void fail(String trialId, int failed, String logLine) throws InterruptedException {
        appendLog(trialId, logLine);
        setStatus(trialId, new JobStatusBuilder().withFailed(failed).withConditions(new JobConditionBuilder()
                .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit").build()).build());
    }

    void writeResult(String trialId) {
        try {
            Path dir = TrialSpec.dir(root, trialId);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(DONE), "{\"accuracy\": 0.9}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void appendLog(String trialId, String line) throws InterruptedException {
        awaitJob(trialId);
        try {
            Path log = TrialSpec.log(root, trialId);
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void setStatus(String trialId, JobStatus status) throws InterruptedException {
        Job job = awaitJob(trialId);
        Job updated = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(job.getMetadata().getName())
                .editStatus(j -> {
                    j.setStatus(status);
                    return j;
                });
        assertThat(updated.getStatus()).isEqualTo(status);
    }
}
