package org.distillnas.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's experiment specs read as docs/RESULTS.md describes them; bad specs fail in one line naming the field. */
class ExperimentSpecTest {
    @TempDir
    Path tmp;

    @Test
    void theCollapseSpecIsTheExperimentOfTheResults() {
        ExperimentSpec s = ExperimentSpec.read(Path.of("experiments/collapse.yaml"));
        assertThat(s.name()).isEqualTo("collapse");
        assertThat(s.seeds()).containsExactly(0L, 1L, 2L);
        assertThat(s.threads()).isEqualTo(1);
        assertThat(s.search()).containsExactly("--epochs", "6", "--limit", "8000", "--track-sharpness", "--sharpness-solver",
                "exact", "--sharpness-batches", "1");
        assertThat(s.retrain()).containsExactly("--epochs", "3", "--limit", "10000");
        assertThat(s.configurations()).extracting(ExperimentConfiguration::name)
                .containsExactly("darts", "rf-darts", "pc-darts", "rf-pcdarts");
        assertThat(s.configurations().get(2).search()).containsExactly("--method", "pc-darts");
        assertThat(s.configurations().get(2).sharpness()).containsExactly("--batches", "1");
        assertThat(s.configurations().get(0).sharpness()).isNull();
        assertThat(s.section()).isEqualTo("collapse");
        assertThat(s.prefix()).isEqualTo("collapse");
    }

    @Test
    void theSelfDistillationSpecSharesTheCollapseBudget() {
        ExperimentSpec sd = ExperimentSpec.read(Path.of("experiments/self-distillation.yaml"));
        ExperimentSpec collapse = ExperimentSpec.read(Path.of("experiments/collapse.yaml"));
        assertThat(sd.configurations()).extracting(ExperimentConfiguration::name)
                .containsExactly("darts", "sd-darts", "rf-darts", "rf-darts+sd");
        assertThat(sd.configurations().get(3).search()).containsExactly("--method", "rf-darts", "--self-distill");
        // same budget and threads: the DARTS and RF-DARTS trials are the same trials in one output folder
        assertThat(sd.search()).isEqualTo(collapse.search());
        assertThat(sd.retrain()).isEqualTo(collapse.retrain());
        assertThat(sd.threads()).isEqualTo(collapse.threads());
        assertThat(ExperimentTrials.of(sd, List.of()).get(0)).isEqualTo(ExperimentTrials.of(collapse, List.of()).get(0));
        assertThat(sd.section()).isEqualTo("sd");
        assertThat(sd.prefix()).isEqualTo("sd");
    }

    @Test
    void theSamplingSpecsShareTheirTableAndTheirCommonTrials() {
        ExperimentSpec sampling = ExperimentSpec.read(Path.of("experiments/sampling.yaml"));
        ExperimentSpec alphanet = ExperimentSpec.read(Path.of("experiments/alphanet.yaml"));
        ExperimentSpec cream = ExperimentSpec.read(Path.of("experiments/cream.yaml"));
        assertThat(sampling.retrain()).isNull();
        assertThat(sampling.setup()).extracting(StepTemplate::name).containsExactly("table");
        assertThat(sampling.steps()).extracting(StepTemplate::name).containsExactly("rank", "evolve", "retrain-4M", "retrain-8M");
        StepTemplate evolve = sampling.steps().get(1);
        assertThat(evolve.run()).containsSubsequence("evolve", "{trial}", "--random-search", "--seed", "{seed}");
        assertThat(evolve.doneContains()).isEqualTo("\"status\" : \"done\"");
        assertThat(sampling.steps().get(2).resume()).containsExactly("train", "--resume", "{trial}/evolve/best-4M-model", "--no-progress");
        // one setup trial for the three, and the trials they share are the same trials
        assertThat(ExperimentTrials.setup(alphanet, List.of())).isEqualTo(ExperimentTrials.setup(sampling, List.of()));
        assertThat(ExperimentTrials.setup(cream, List.of())).isEqualTo(ExperimentTrials.setup(sampling, List.of()));
        assertThat(ExperimentTrials.of(cream, List.of()).get(0)).isEqualTo(ExperimentTrials.of(sampling, List.of()).get(0));
        org.distillnas.trial.TrialSpec sandwich = ExperimentTrials.of(sampling, List.of()).get(3);
        org.distillnas.trial.TrialSpec sandwichWithDiagnostic = ExperimentTrials.of(alphanet, List.of()).get(0);
        assertThat(sandwichWithDiagnostic.id()).isEqualTo(sandwich.id()).isEqualTo("sandwich-seed0");
        assertThat(sandwichWithDiagnostic.steps()).startsWith(sandwich.steps().toArray(org.distillnas.trial.TrialStep[]::new));
        assertThat(sandwichWithDiagnostic.steps().get(sandwich.steps().size()).name()).isEqualTo("confidence");
        // Cream's own steps, shared by its two configurations through a YAML anchor
        assertThat(cream.configurations().get(0).steps()).isEmpty();
        assertThat(cream.configurations().get(1).steps()).extracting(StepTemplate::name)
                .containsExactly("board-4M", "board-8M", "retrain-board-4M", "retrain-board-8M");
        assertThat(cream.configurations().get(2).steps()).isEqualTo(cream.configurations().get(1).steps());
        StepTemplate board = cream.configurations().get(1).steps().get(0);
        assertThat(board.optional()).isTrue();
        assertThat(board.workerOptions()).isFalse();
        assertThat(cream.configurations().get(1).steps().get(2).needs()).isEqualTo("board-4M.json");
    }

    @Test
    void badStepsNameTheStepAndTheField() throws Exception {
        String base = "name: x\nseeds: [0]\nconfigurations:\n  - name: a\n";
        assertBad(base + "steps:\n  - name: r\n    run: rank {trial}\n", "steps[0]: expected a command line ('run') and the file");
        assertBad(base + "steps:\n  - name: r\n    run: rank\n    done: x\n    optinal: true\n", "steps[0].optinal: unknown");
        assertBad(base + "steps:\n  - name: r\n    run: rank\n    done: x\n    optional: yes please\n",
                "steps[0].optional 'yes please': expected true or false");
        assertBad(base + "setup:\n  - name: t\n    run: table --seed {seed}\n    done: x\n",
                "setup[0]: uses {seed}, but the setup runs once, for no seed");
        assertBad(base + "steps: rank\n", "steps: expected a list of steps");
        assertThat(read(base + "x-shared: &s [1]\n").configurations()).hasSize(1); // x- fields hold anchors
    }

    @Test
    void optionsMayBeListsAndOverridesReplaceTheBudget() throws Exception {
        ExperimentSpec s = read("""
                name: tiny
                seeds: [3]
                search: [--epochs, 2]
                configurations:
                  - name: a
                    search: "--method darts --note 'two words'"
                  - name: b
                """);
        assertThat(s.title()).isEqualTo("tiny");
        assertThat(s.retrain()).isNull();
        assertThat(s.threads()).isNull();
        assertThat(s.configurations().get(0).search()).containsExactly("--method", "darts", "--note", "two words");
        assertThat(s.configurations().get(1).search()).isEmpty();
        ExperimentSpec o = s.with(List.of(0L, 1L), List.of("--epochs", "1"), List.of("--epochs", "1"), Set.of("b"));
        assertThat(o.seeds()).containsExactly(0L, 1L);
        assertThat(o.search()).containsExactly("--epochs", "1");
        assertThat(o.retrain()).containsExactly("--epochs", "1");
        assertThat(o.configurations()).extracting(ExperimentConfiguration::name).containsExactly("b");
        assertThatThrownBy(() -> s.with(null, null, null, Set.of("c"))).isInstanceOf(BadInputException.class)
                .hasMessage("--configurations c: not in the spec; expected one of [a, b]");
    }

    @Test
    void badSpecsNameTheFileAndTheField() throws Exception {
        String base = "name: x\nseeds: [0]\nconfigurations:\n  - name: a\n";
        assertBad(base + "sed: [1]\n", "field 'sed': unknown; expected one of [configurations, name, report, retrain, search, seeds, setup, steps, threads, title]");
        assertBad("name: x\nseeds: [0, -1]\nconfigurations:\n  - name: a\n", "seed '-1': expected a whole number >= 0");
        assertBad("name: x\nseeds: [0, 0]\nconfigurations:\n  - name: a\n", "seed 0: listed twice");
        assertBad("name: x\nseeds: []\nconfigurations:\n  - name: a\n", "seeds: expected a non-empty list");
        assertBad("name: x y\nseeds: [0]\nconfigurations:\n  - name: a\n", "name 'x y': expected a name of 1-41 letters");
        assertBad(base + "  - name: a\n", "configurations[1].name 'a': repeats an earlier configuration's name");
        assertBad(base + "    serch: --method darts\n", "configurations[0].serch: unknown; expected name, search, sharpness or steps");
        assertBad(base + "threads: 0\n", "threads '0': expected a positive whole number");
        assertBad(base + "search: \"--epochs '3\"\n", "search '--epochs '3': a ' quote is not closed");
        assertBad("name: x\nseeds: [0]\n", "configurations: expected a list of {name, search} entries");
        assertBad("[1, 2]\n", "the file: expected a mapping");
        assertBad("name: [x\n", "is not valid YAML");
        assertThatThrownBy(() -> ExperimentSpec.read(tmp.resolve("none.yaml"))).isInstanceOf(BadInputException.class)
                .hasMessage("experiment spec " + tmp.resolve("none.yaml") + " does not exist: expected a YAML file");
    }

    @Test
    void wordsSplitAsAShellWould() {
        assertThat(CommandWords.split("  a  'b c'\"d\" e''  ", "x")).containsExactly("a", "b cd", "e");
        assertThat(CommandWords.split("''", "x")).containsExactly("");
        assertThat(CommandWords.split("   ", "x")).isEmpty();
    }

    private void assertBad(String yaml, String message) throws Exception {
        Path f = tmp.resolve("spec.yaml");
        Files.writeString(f, yaml);
        assertThatThrownBy(() -> ExperimentSpec.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("experiment spec " + f).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private ExperimentSpec read(String yaml) throws Exception {
        Path f = tmp.resolve("ok.yaml");
        Files.writeString(f, yaml);
        return ExperimentSpec.read(f);
    }
}
