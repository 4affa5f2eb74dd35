package org.distillnas.trial.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

/** Bad options and an unreachable API server fail with one line that says what to fix. */
class KubernetesRunnerConfigTest {
    private static KubernetesRunnerConfig config(String namespace, String image, String pvc, String mount, String root,
            String cpu, String memory) {
        return new KubernetesRunnerConfig(namespace, image, null, pvc, mount, root, cpu, memory, 0, 2, Duration.ofSeconds(5), "exp");
    }

    private static KubernetesRunnerConfig valid() {
        return config("default", "distillnas:1", "runs", "/runs", null, "2", "4Gi");
    }

    @Test
    void badOptionsAreOneLineNamingTheOption() {
        assertThatThrownBy(() -> config("default", "distillnas:1", "runs", "/runs", null, "2", "2 gigs"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-memory '2 gigs'");
        assertThatThrownBy(() -> config("default", " ", "runs", "/runs", null, "2", "4Gi"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-image ' '");
        assertThatThrownBy(() -> config("Team_A", "distillnas:1", "runs", "/runs", null, "2", "4Gi"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-namespace 'Team_A'");
        assertThatThrownBy(() -> config("default", "distillnas:1", null, "/runs", null, "2", "4Gi"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-pvc is missing");
        assertThatThrownBy(() -> config("default", "distillnas:1", "runs", "/runs", null, "0", "4Gi"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-cpu '0'");
        assertThatThrownBy(() -> config("default", "distillnas:1", "runs", "/runs", "/data/exp", "2", "4Gi"))
                .isInstanceOf(BadInputException.class).hasMessage("--k8s-root /data/exp is not under --k8s-mount /runs:"
                        + " the pods would write outside the shared volume");
        assertThatThrownBy(() -> config("default", "distillnas:1", "runs", "runs", null, "2", "4Gi"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-mount 'runs'");
    }

    @Test
    void quantitiesInEveryKubernetesFormAreAccepted() {
        for (String q : List.of("1", "500m", "1.5", "0.5", "2e3")) {
            assertThat(config("default", "i", "runs", "/runs", null, q, "4Gi").cpu()).isEqualTo(q);
        }
        for (String q : List.of("4Gi", "512Mi", "4G", "1000000k", "3.5Gi")) {
            assertThat(config("default", "i", "runs", "/runs", null, "1", q).memory()).isEqualTo(q);
        }
        assertThat(config("default", "i", "runs", "/runs", null, "2.9", "1Gi").threads()).isEqualTo(2);
    }

    @Test
    void theRootInThePodsIsTheLocalPathUnlessGiven() {
        assertThat(valid().remoteRootFor(Path.of("/runs/exp1"))).isEqualTo("/runs/exp1");
        assertThat(config("default", "i", "runs", "/mnt", "/mnt/e/", "1", "1Gi").remoteRootFor(Path.of("/home/me/e")))
                .isEqualTo("/mnt/e");
        assertThatThrownBy(() -> valid().remoteRootFor(Path.of("/home/me/exp1"))).isInstanceOf(BadInputException.class)
                .hasMessage("the experiment folder /home/me/exp1 is not under --k8s-mount /runs: pass --k8s-root with"
                        + " the folder as the pods see it on the claim runs");
    }

    @Test
    void anUnreachableApiServerIsOneLine() {
        // nothing listens on port 1 of the loopback address: the connection is refused at once
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build()) {
            KubernetesTrialRunner runner = new KubernetesTrialRunner(client, valid());
            assertThatThrownBy(() -> runner.run(Path.of("/runs/exp"), List.of(FakeCluster.trial("t")), new RecordingListener()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("cannot list the Jobs in namespace default of the Kubernetes API server http://127.0.0.1:1")
                    .hasMessageContaining("refused").hasMessageNotContaining("\n");
        }
    }
}
