package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.distillnas.trial.k8s.KubernetesRunnerConfig;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The Kubernetes options as a command gets them: defaults, and bad values as one line before any connection. */
class KubernetesOptionsTest {
    private static KubernetesOptions parse(String... args) {
        @CommandLine.Command(name = "t")
        class Holder {
            @CommandLine.Mixin
            KubernetesOptions k8s;
        }
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.k8s;
    }

    @Test
    void defaultsNeedOnlyTheClaim() {
        KubernetesRunnerConfig c = parse("--k8s-pvc", "runs").config(2, "exp");
        assertThat(c).isEqualTo(new KubernetesRunnerConfig("default", "distillnas:latest", null, "runs", "/runs", null,
                "2", "4Gi", 0, 2, Duration.ofSeconds(10), "exp"));
    }

    @Test
    void everyOptionReachesTheConfig() {
        KubernetesRunnerConfig c = parse("--k8s-namespace", "nas", "--k8s-image", "reg.example.org/distillnas:1.2",
                "--k8s-pull-policy", "Always", "--k8s-pvc", "nas-runs", "--k8s-mount", "/mnt/runs", "--k8s-root",
                "/mnt/runs/e1", "--k8s-cpu", "1500m", "--k8s-memory", "6Gi", "--k8s-gpu", "1", "--k8s-poll-seconds", "0.5")
                .config(0, "e1");
        assertThat(c).isEqualTo(new KubernetesRunnerConfig("nas", "reg.example.org/distillnas:1.2", "Always", "nas-runs",
                "/mnt/runs", "/mnt/runs/e1", "1500m", "6Gi", 1, 0, Duration.ofMillis(500), "e1"));
    }

    @Test
    void badValuesFailWithOneLineBeforeAnyClientIsBuilt() {
        assertThatThrownBy(() -> parse("--k8s-pvc", "runs", "--k8s-memory", "2 gigs").runner(2, "exp"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-memory '2 gigs': expected a positive Kubernetes quantity");
        assertThatThrownBy(() -> parse().runner(2, "exp"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-pvc is missing");
        assertThatThrownBy(() -> parse("--k8s-pvc", "runs", "--k8s-poll-seconds", "0").runner(2, "exp"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-poll-seconds 0.0");
        assertThatThrownBy(() -> parse("--k8s-pvc", "runs", "--k8s-pull-policy", "always").runner(2, "exp"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-pull-policy 'always'");
        assertThatThrownBy(() -> parse("--k8s-pvc", "runs", "--k8s-gpu", "-1").runner(2, "exp"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--k8s-gpu -1");
    }
}
