package org.distillnas.trial.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Job names, labels and the GPU variant of a trial's Job, without an API server. */
class TrialJobsTest {
    private static final String NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    private static KubernetesRunnerConfig config(String cpu, int gpus, String experiment) {
        return new KubernetesRunnerConfig("default", "distillnas:cuda", null, "runs", "/runs", "/runs/exp", cpu, "8Gi",
                gpus, 3, Duration.ofSeconds(10), experiment);
    }

    @Test
    void aTrialThatAsksForAGpuGetsItsLimitAndRunsItsStepsOnTheGpu() {
        Job job = new TrialJobs(config("4", 1, "exp"), "/runs/exp").job(FakeCluster.trial("g0"));
        var c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("1");
        assertThat(c.getResources().getRequests()).doesNotContainKey("nvidia.com/gpu");
        assertThat(c.getArgs()).containsExactly("run-trial", "/runs/exp/trials/g0.json", "--threads", "4", "--device", "gpu");
        assertThat(c.getImagePullPolicy()).isNull();
    }

    @Test
    void aFractionOfACpuRunsOneThread() {
        Job job = new TrialJobs(config("500m", 0, "exp"), "/runs/exp").job(FakeCluster.trial("t"));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsSequence("--threads", "1");
    }

    @Test
    void namesAreStableDnsLabelsThatKeepExperimentsAndOddIdsApart() {
        String longExperiment = "A_Very.Long+Experiment-Name-That-Goes-On-And-On-Beyond-Sixty-Three-Characters";
        String n = JobNames.jobName(longExperiment, "/runs/x", "Seed+0.");
        assertThat(n).matches(NAME).hasSizeLessThanOrEqualTo(63);
        assertThat(JobNames.jobName(longExperiment, "/runs/x", "Seed+0.")).isEqualTo(n);
        assertThat(JobNames.jobName("e", "/runs/x", "a+b")).isNotEqualTo(JobNames.jobName("e", "/runs/x", "a_b"));
        assertThat(JobNames.jobName("e", "/runs/x", "t")).isNotEqualTo(JobNames.jobName("e", "/runs/y", "t"));
        assertThat(JobNames.jobName("---", "/r", "_")).matches(NAME);
    }

    @Test
    void labelValuesHoldOnlyWhatKubernetesAccepts() {
        assertThat(JobNames.labelValue("seed+0.")).isEqualTo("seed_0");
        assertThat(JobNames.labelValue("x".repeat(80))).hasSize(63);
        assertThat(JobNames.labelValue("+++")).isEqualTo("x");
        Job job = new TrialJobs(config("1", 0, "my experiment"), "/runs/exp").job(FakeCluster.trial("a+b"));
        assertThat(job.getMetadata().getLabels()).containsEntry("distillnas.org/experiment", "my_experiment")
                .containsEntry("distillnas.org/trial", "a_b");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("distillnas.org/trial-id", "a+b")
                .containsEntry("distillnas.org/spec", "/runs/exp/trials/a+b.json");
    }
}
