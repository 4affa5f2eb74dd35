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
    void specStepsGetTheSeedAndTheFixedThreadsUnlessTheyComputeNothing() {
        ExperimentSpec cream = ExperimentSpec.read(Path.of("experiments/cream.yaml"));
        TrialSpec setup = ExperimentTrials.setup(cream, List.of());
        assertThat(setup.id()).isEqualTo("setup");
        assertThat(setup.steps().get(0).args()).startsWith("table", "--space", "mbv3-small").endsWith("--threads", "1")
                .containsOnlyOnce("--threads");
        TrialSpec creamSeed2 = ExperimentTrials.of(cream, List.of()).get(5);
        assertThat(creamSeed2.id()).isEqualTo("cream-seed2");
        assertThat(creamSeed2.steps()).extracting(TrialStep::name).containsExactly("search", "rank", "evolve", "retrain-4M",
                "retrain-8M", "board-4M", "board-8M", "retrain-board-4M", "retrain-board-8M");
        TrialStep evolve = creamSeed2.steps().get(2);
        assertThat(evolve.args()).containsSubsequence("--seed", "2").endsWith("--threads", "1");
        TrialStep board = creamSeed2.steps().get(5);
        assertThat(board.args()).containsExactly("board", "{trial}", "--budget", "4"); // no --threads: board takes none
        assertThat(board.isOptional()).isTrue();
        assertThat(board.takesWorkerOptions()).isFalse();
        TrialStep retrain = creamSeed2.steps().get(7);
        assertThat(retrain.resumeArgs()).containsExactly("train", "--resume", "{trial}/board-4M-model", "--no-progress", "--threads", "1");
        assertThat(retrain.needs()).isEqualTo("board-4M.json");
        assertThat(ExperimentTrials.setup(ExperimentSpec.read(Path.of("experiments/collapse.yaml")), List.of())).isNull();
    }

    @Test
    void optionalStepsAndStepsThatDoNotApplyDoNotKeepATrialUnfinished() throws Exception {
        TrialStep required = new TrialStep("search", List.of("search"), null, "summary.json", null);
        TrialStep optional = new TrialStep("board", List.of("board", "{trial}"), null, "board.json", null, null, true, null, false);
        TrialStep needing = new TrialStep("retrain", List.of("train", "{root}/x"), null, "m/results.json", null, null, null,
                "board.json", null);
        TrialSpec t = new TrialSpec("t", List.of(required, optional, needing), List.of());
        Path dir = tmp.resolve("exp/trials/t");
        Files.createDirectories(dir);
        assertThat(t.isFinished(dir)).isFalse();
        Files.writeString(dir.resolve("summary.json"), "{}");
        assertThat(needing.isSkipped(dir)).isTrue();
        assertThat(t.isFinished(dir)).isTrue();
        Files.writeString(dir.resolve("board.json"), "{}"); // the board wrote a path: its retraining applies now
        assertThat(t.isFinished(dir)).isFalse();
        assertThat(needing.commandLine(dir)).containsExactly("train", tmp.resolve("exp").toAbsolutePath() + "/x");
        TrialStep evolve = new TrialStep("evolve", List.of("evolve"), null, "s.json", null, "\"status\" : \"done\"", null, null, null);
        Files.writeString(dir.resolve("s.json"), "{ \"status\" : \"running\" }");
        assertThat(evolve.isDone(dir)).isFalse();
        Files.writeString(dir.resolve("s.json"), "{ \"status\" : \"done\" }");
        assertThat(evolve.isDone(dir)).isTrue();
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
