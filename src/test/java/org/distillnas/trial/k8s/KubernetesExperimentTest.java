package org.distillnas.trial.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.distillnas.TestData;
import org.distillnas.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment --runner kubernetes} from the command line to finished trials: the mock API
 * server holds the Jobs, {@link LocalKubelet} runs their pods' command on this machine, so the
 * Job's command, the paths it names on the shared volume, the retry of a killed pod and the
 * resume of its trial are all real.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesExperimentTest {
    static KubernetesClient client;

    static {
        MockServerLog.quiet();
    }

    /** How the command's own client finds the mock server, as it would find a cluster in ~/.kube/config. */
    private static final Map<String, String> CLUSTER = Map.of("kubernetes.auth.tryKubeConfig", "false",
            "kubernetes.auth.tryServiceAccount", "false", "kubernetes.trust.certificates", "true",
            "kubernetes.disable.hostname.verification", "true");

    @TempDir
    Path tmp;

    @AfterEach
    void forgetCluster() {
        CLUSTER.keySet().forEach(System::clearProperty);
        System.clearProperty("kubernetes.master");
    }

    @Test
    void anExperimentsTrialsRunAsJobsAndAKilledPodIsRetriedByItsJob() throws Exception {
        TestData.requireFashionMnist();
        CLUSTER.forEach(System::setProperty);
        System.setProperty("kubernetes.master", client.getConfiguration().getMasterUrl());
        Path root = tmp.resolve("exp");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        LocalKubelet kubelet = new LocalKubelet(client, "nas");
        kubelet.killFirstPodOf("darts-seed1");
        PrintStream out = System.out;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            status = Main.execute("experiment", "experiments/collapse.yaml", "--seeds", "0,1", "--configurations", "darts",
                    "--search-budget", "--epochs 1 --limit 128", "--retrain-budget", "--epochs 1 --limit 128 --channels 4",
                    "--out", root.toString(), "--runner", "kubernetes", "--k8s-namespace", "nas", "--k8s-pvc", "runs",
                    "--k8s-mount", tmp.toString(), "--k8s-cpu", "1", "--k8s-memory", "2Gi", "--k8s-poll-seconds", "0.2");
        } finally {
            System.setOut(out);
            kubelet.close();
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        assertThat(text).contains("2 trial(s): 0 finished, 2 to run on Kubernetes Jobs in namespace nas")
                .contains("trial darts-seed1: attempt 1 failed, retrying")
                .contains("trial darts-seed1: finished (attempt 2)").contains("trial darts-seed0: finished (attempt 1)");
        assertThat(Files.readString(root.resolve("report.md"))).contains("| darts | 2 |");
        // the retried pod continued the search its killed predecessor began
        assertThat(Files.readString(root.resolve("trials/darts-seed1.log"))).contains("search: distillnas search --resume");
        assertThat(kubelet.containers).hasSize(3);
        for (Container c : kubelet.containers) {
            assertThat(c.getImage()).isEqualTo("distillnas:latest");
            assertThat(c.getArgs()).startsWith("run-trial").contains("--threads", "1");
            assertThat(c.getArgs().get(1)).startsWith(root.resolve("trials").toString());
        }
    }
}
