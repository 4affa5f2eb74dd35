package org.distillnas.trial.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distillnas.trial.k8s.FakeCluster.NAMESPACE;
import static org.distillnas.trial.k8s.FakeCluster.trial;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.distillnas.trial.TrialOutcome;
import org.distillnas.trial.TrialOutcome.Status;
import org.distillnas.trial.TrialSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes runner against fabric8's mock API server, with the test in the cluster's part
 * ({@link FakeCluster}): Jobs that succeed, fail and are retried, reach their backoff limit, are
 * deleted from outside, or were left by an earlier invocation.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesTrialRunnerTest {
    static KubernetesClient client;

    static {
        MockServerLog.quiet();
    }

    @TempDir
    Path root;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final RecordingListener listener = new RecordingListener();
    private FakeCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster(client, root);
        client.batch().v1().jobs().inNamespace(NAMESPACE).delete();
        client.pods().inNamespace(NAMESPACE).delete();
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private KubernetesRunnerConfig config(int retries) {
        return new KubernetesRunnerConfig(NAMESPACE, "registry.example.org/distillnas:1.0", "IfNotPresent", "runs-claim",
                "/", null, "2", "3Gi", 0, retries, Duration.ofMillis(50), "exp-1");
    }

    private Future<List<TrialOutcome>> start(int retries, List<TrialSpec> trials) {
        KubernetesTrialRunner runner = new KubernetesTrialRunner(client, config(retries));
        return pool.submit(() -> runner.run(root, trials, listener));
    }

    private static List<TrialOutcome> outcomes(Future<List<TrialOutcome>> run) throws Exception {
        return run.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theJobRunsTheTrialOnTheImageWithItsResourcesAndTheSharedVolume() throws Exception {
        Future<List<TrialOutcome>> run = start(2, List.of(trial("t0")));
        Job job = cluster.awaitJob("t0");

        assertThat(job.getMetadata().getName()).matches("exp-1-t0-[0-9a-f]{8}");
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "distillnas")
                .containsEntry("distillnas.org/experiment", "exp-1").containsEntry("distillnas.org/trial", "t0");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("distillnas.org/trial", "t0");
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example.org/distillnas:1.0");
        assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(c.getCommand()).containsExactly("distillnas");
        String spec = root.toAbsolutePath() + "/trials/t0.json";
        assertThat(c.getArgs()).containsExactly("run-trial", spec, "--threads", "2");
        assertThat(c.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("2");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("3Gi");
        assertThat(c.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(c.getVolumeMounts().get(0).getMountPath()).isEqualTo("/");
        assertThat(pod.getVolumes().get(0).getName()).isEqualTo(c.getVolumeMounts().get(0).getName());
        assertThat(pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("runs-claim");

        cluster.succeed("t0", 0);
        assertThat(outcomes(run)).containsExactly(TrialOutcome.finished("t0", 1));
    }

    @Test
    void jobsThatSucceedAreFinishedTrials() throws Exception {
        List<TrialSpec> trials = List.of(trial("a"), trial("b"), trial("c"));
        Future<List<TrialOutcome>> run = start(1, trials);
        cluster.start("b");
        cluster.succeed("c", 0);
        cluster.succeed("a", 0);
        cluster.succeed("b", 0);

        assertThat(outcomes(run)).extracting(TrialOutcome::status).containsExactly(Status.FINISHED, Status.FINISHED, Status.FINISHED);
        assertThat(listener.events()).contains("a started 1", "b started 1", "c started 1", "a ended FINISHED 1");
        assertThat(listener.progress()).last().isEqualTo("jobs: 0 active, 3 succeeded, 0 failed");
        assertThat(cluster.jobsOf("a")).hasSize(1);
    }

    @Test
    void aPodThatFailsIsRetriedByTheJobAndReportedAsAFailedAttempt() throws Exception {
        Future<List<TrialOutcome>> run = start(2, List.of(trial("flaky")));
        cluster.start("flaky");
        cluster.podFailed("flaky", 1, "java.lang.OutOfMemoryError: Java heap space");
        listener.await("flaky started 2");
        cluster.succeed("flaky", 1);

        assertThat(outcomes(run)).containsExactly(TrialOutcome.finished("flaky", 2));
        List<String> events = listener.events();
        assertThat(events.get(0)).isEqualTo("flaky started 1");
        assertThat(events.get(1)).startsWith("flaky failed 1: a pod of Job exp-1-flaky-").contains("OutOfMemoryError");
        assertThat(events.subList(2, events.size())).containsExactly("flaky started 2", "flaky ended FINISHED 2");
    }

    @Test
    void aJobAtItsBackoffLimitFailsItsTrialWithTheReasonAndTheLogWhileTheOthersFinish() throws Exception {
        Future<List<TrialOutcome>> run = start(1, List.of(trial("ok1"), trial("bad"), trial("ok2")));
        cluster.podFailed("bad", 1, "first attempt: loss is NaN");
        listener.await("bad started 2");
        cluster.succeed("ok1", 0);
        cluster.fail("bad", 2, "second attempt: loss is NaN at step 12");
        cluster.succeed("ok2", 0);

        List<TrialOutcome> outcomes = outcomes(run);
        assertThat(outcomes).extracting(TrialOutcome::status).containsExactly(Status.FINISHED, Status.FAILED, Status.FINISHED);
        TrialOutcome bad = outcomes.get(1);
        assertThat(bad.attempts()).isEqualTo(2);
        assertThat(bad.detail()).contains("BackoffLimitExceeded: Job has reached the specified backoff limit")
                .contains("second attempt: loss is NaN at step 12").doesNotContain("first attempt");
        assertThat(listener.events()).filteredOn(e -> e.startsWith("bad failed")).hasSize(1);
        assertThat(listener.progress()).last().isEqualTo("jobs: 0 active, 2 succeeded, 1 failed");
    }

    @Test
    void aFailedPodsReasonFromItsStatusIsInTheReport() throws Exception {
        Future<List<TrialOutcome>> run = start(0, List.of(trial("big")));
        Job job = cluster.awaitJob("big");
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("big-pod")
                .addToLabels(JobPods.JOB_NAME_LABEL, job.getMetadata().getName()).endMetadata()
                .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("trial").withNewState()
                .withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated().endState()
                .endContainerStatus().endStatus().build()).create();
        cluster.fail("big", 1, "killed");

        assertThat(outcomes(run).get(0).detail()).contains("pod big-pod: OOMKilled (exit 137), raise --k8s-memory");
    }

    @Test
    void aJobThatSucceedsWithoutResultsOnTheVolumeIsAFailure() throws Exception {
        Future<List<TrialOutcome>> run = start(0, List.of(trial("lost")));
        cluster.succeedWithoutResults("lost", 0);

        TrialOutcome o = outcomes(run).get(0);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.detail()).contains("succeeded but the trial's results are not in " + TrialSpec.dir(root, "lost"))
                .contains("runs-claim");
    }

    @Test
    void aJobDeletedFromOutsideFailsItsTrialWithoutRecreatingItOrTouchingTheOthers() throws Exception {
        Future<List<TrialOutcome>> run = start(1, List.of(trial("a"), trial("b"), trial("c")));
        cluster.succeed("a", 0);
        listener.await("a ended FINISHED");
        cluster.start("b");
        String jobB = cluster.awaitJob("b").getMetadata().getName();
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobB).delete();
        listener.await("b ended");
        cluster.succeed("c", 0);

        List<TrialOutcome> outcomes = outcomes(run);
        assertThat(outcomes).extracting(TrialOutcome::status).containsExactly(Status.FINISHED, Status.FAILED, Status.FINISHED);
        assertThat(outcomes.get(1).detail()).contains("Job " + jobB + " was deleted from outside")
                .contains("run the same command again to resubmit it");
        assertThat(cluster.jobsOf("b")).isEmpty();
        assertThat(Files.readString(TrialSpec.dir(root, "a").resolve(FakeCluster.DONE))).isEqualTo("{\"accuracy\": 0.9}\n");
        assertThat(trial("a").isFinished(TrialSpec.dir(root, "a"))).isTrue();
        assertThat(listener.progress()).last().isEqualTo("jobs: 0 active, 2 succeeded, 0 failed, 1 deleted");
    }

    @Test
    void aRestartedRunnerAdoptsTheActiveJobOfTheRunnerBeforeIt() throws Exception {
        TrialJobs jobs = new TrialJobs(config(1), root.toAbsolutePath().toString());
        Job left = client.batch().v1().jobs().inNamespace(NAMESPACE).resource(jobs.job(trial("t"))).create();
        cluster.podFailed("t", 1, "the first pod died");

        Future<List<TrialOutcome>> run = start(1, List.of(trial("t")));
        Thread.sleep(300); // several polls
        assertThat(cluster.jobsOf("t")).hasSize(1).first()
                .satisfies(j -> assertThat(j.getMetadata().getUid()).isEqualTo(left.getMetadata().getUid()));
        cluster.succeed("t", 1);

        assertThat(outcomes(run)).containsExactly(TrialOutcome.finished("t", 2));
        assertThat(listener.events()).noneMatch(e -> e.contains("started"));
        assertThat(listener.progress()).first().asString().contains("is still active; waiting for it (attempt 2)");
    }

    @Test
    void aRestartedRunnerReplacesTheEndedJobOfAnUnfinishedTrialAndSubmitsNoFinishedOne() throws Exception {
        TrialJobs jobs = new TrialJobs(config(1), root.toAbsolutePath().toString());
        Job failed = client.batch().v1().jobs().inNamespace(NAMESPACE).resource(jobs.job(trial("again"))).create();
        cluster.fail("again", 2, "an earlier invocation's failure");
        cluster.writeResult("done");

        Future<List<TrialOutcome>> run = start(1, List.of(trial("again"), trial("done")));
        listener.await("again started 1");
        Job replaced = cluster.awaitJob("again");
        assertThat(replaced.getMetadata().getUid()).isNotEqualTo(failed.getMetadata().getUid());
        assertThat(replaced.getStatus()).isNull();
        cluster.succeed("again", 0);

        assertThat(outcomes(run)).containsExactly(TrialOutcome.finished("again", 1),
                new TrialOutcome("done", Status.ALREADY_FINISHED, 0, ""));
        assertThat(cluster.jobsOf("done")).isEmpty();
    }

    @Test
    void anInterruptedRunnerLeavesItsJobsRunning() throws Exception {
        Future<List<TrialOutcome>> run = start(1, List.of(trial("long")));
        cluster.start("long");
        run.cancel(true); // interrupts the runner's thread
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).as("the runner stopped waiting").isTrue();
        assertThat(cluster.jobsOf("long")).hasSize(1);
        assertThat(listener.events()).containsExactly("long started 1");
    }

    @Test
    void podsThatCannotStartAreNamedInTheProgressLine() throws Exception {
        Future<List<TrialOutcome>> run = start(0, List.of(trial("w")));
        Job job = cluster.awaitJob("w");
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("w-pod")
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels(JobPods.JOB_NAME_LABEL, job.getMetadata().getName()).endMetadata()
                .withNewStatus().withPhase("Pending").addNewContainerStatus().withName("trial").withNewState()
                .withNewWaiting().withReason("ImagePullBackOff").withMessage("pull access denied").endWaiting().endState()
                .endContainerStatus().endStatus().build()).create();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (listener.progress().stream().noneMatch(l -> l.contains("pods waiting")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        cluster.succeed("w", 0);
        outcomes(run);
        assertThat(listener.progress()).contains("jobs: 1 active, 0 succeeded, 0 failed; pods waiting: w: ImagePullBackOff (pull access denied)");
    }
}
