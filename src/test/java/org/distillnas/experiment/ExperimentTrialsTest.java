package org.distillnas.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.trial.TrialSpec;
import org.distillnas.trial.TrialStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment's trials: what each step runs, how it resumes, and which file says it is done. */
class ExperimentTrialsTest {
    @TempDir
    Path tmp;

    @Test
    void everyConfigurationAndSeedIsATrialOfSearchSharpnessAndRetraining() {
        ExperimentSpec spec = ExperimentSpec.read(Path.of("experiments/collapse.yaml"))
                .with(List.of(0L, 1L), List.of("--epochs", "1"), List.of("--epochs", "2"), null);
        List<TrialSpec> trials = ExperimentTrials.of(spec, List.of("-Xmx1g"));
        assertThat(trials).extracting(TrialSpec::id).containsExactly("darts-seed0", "darts-seed1", "rf-darts-seed0",
                "rf-darts-seed1", "pc-darts-seed0", "pc-darts-seed1", "rf-pcdarts-seed0", "rf-pcdarts-seed1");
        TrialSpec darts1 = trials.get(1);
        assertThat(darts1.jvmOptions()).containsExactly("-Xmx1g");
        assertThat(darts1.steps()).extracting(TrialStep::name).containsExactly("search", "retrain");
        TrialStep search = darts1.steps().get(0);
        assertThat(search.args()).containsExactly("search", "--method", "darts", "--epochs", "1", "--seed", "1", "--out",
                "{trial}", "--no-progress", "--threads", "1");
        // a resume keeps the spec's thread count: the run must compute as it started
        assertThat(search.resumeArgs()).containsExactly("search", "--resume", "{trial}", "--no-progress", "--threads", "1");
        assertThat(search.done()).isEqualTo("summary.json");
        assertThat(search.started()).isEqualTo("config.json");
        TrialStep retrain = darts1.steps().get(1);
        assertThat(retrain.args()).containsExactly("train", "{trial}/genotype.json", "--epochs", "2", "--seed", "1", "--out",
                "{trial}/model", "--no-progress", "--threads", "1");
        assertThat(retrain.resumeArgs()).containsExactly("train", "--resume", "{trial}/model", "--no-progress", "--threads", "1");
        assertThat(retrain.done()).isEqualTo("model/results.json");
        TrialSpec pc = trials.get(4);
        assertThat(pc.steps()).extracting(TrialStep::name).containsExactly("search", "sharpness", "retrain");
        assertThat(pc.steps().get(1).args()).containsExactly("sharpness", "{trial}", "--batches", "1", "--threads", "1");
        assertThat(pc.steps().get(1).done()).isEqualTo("sharpness.json");
    }

    @Test
    void aStepResumesOnlyOnceItLeftItsCheckpointAndIsDoneWithItsFile() throws Exception {
        TrialStep search = ExperimentTrials.of(ExperimentSpec.read(Path.of("experiments/collapse.yaml")), List.of())
                .get(0).steps().get(0);
        Path dir = tmp.resolve("trial");
        assertThat(search.commandLine(dir)).startsWith("search", "--method", "darts").contains(dir.toString());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{}");
        assertThat(search.commandLine(dir)).containsExactly("search", "--resume", dir.toString(), "--no-progress", "--threads", "1");
        assertThat(search.isDone(dir)).isFalse();
        Files.writeString(dir.resolve("summary.json"), "{}");
        assertThat(search.isDone(dir)).isTrue();
    }
}
