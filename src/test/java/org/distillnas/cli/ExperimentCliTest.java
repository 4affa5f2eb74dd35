package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.distillnas.TestData;
import org.distillnas.util.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's experiment specs on a tiny budget of real data: they finish and end with
 * compare's report; a killed experiment started again runs only its unfinished trials.
 */
class ExperimentCliTest {
    private static final String SEARCH = "--epochs 1 --limit 128";
    private static final String RETRAIN = "--epochs 1 --limit 128 --channels 4 --batch-size 64";

    @TempDir
    Path tmp;

    @Test
    void theCollapseSpecFinishesOnATinyBudgetAndWritesCompareOutput() throws Exception {
        TestData.requireFashionMnist();
        Path out = tmp.resolve("collapse");
        List<String> args = List.of("experiment", "experiments/collapse.yaml", "--seeds", "0", "--configurations",
                "darts,rf-pcdarts", "--search-budget", SEARCH, "--retrain-budget", RETRAIN, "--workers", "2", "--device", "cpu",
                "--out", out.toString());
        CapturedRun run = CapturedRun.of(args.toArray(String[]::new));
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("2 trial(s): 0 finished, 2 to run on 2 local worker(s)")
                .contains("trial darts-seed0: finished (attempt 1)").contains("trial rf-pcdarts-seed0: finished (attempt 1)");
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("<!-- bench:collapse:start -->").contains("| darts | 1 |").contains("| rf-pcdarts | 1 |")
                .contains("](plots/collapse-ops-accuracy.png)");
        assertThat(out.resolve("plots/collapse-ops-accuracy.png")).isNotEmptyFile();
        assertThat(out.resolve("plots/collapse-sharpness.png")).isNotEmptyFile();
        // the PC configuration's extra step, and every step's result where compare reads it
        assertThat(out.resolve("trials/rf-pcdarts-seed0/sharpness.json")).isNotEmptyFile();
        assertThat(out.resolve("trials/darts-seed0/sharpness.json")).doesNotExist();
        assertThat(out.resolve("trials/darts-seed0/model/results.json")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("trials/darts-seed0/config.json"))).contains("\"threads\" : 1");
        assertThat(Files.readAllLines(out.resolve("trials.jsonl"))).filteredOn(l -> l.contains("\"finished\"")).hasSize(2);

        FileTime done = Files.getLastModifiedTime(out.resolve("trials/darts-seed0/model/results.json"));
        CapturedRun again = CapturedRun.of(args.toArray(String[]::new));
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("2 trial(s): 2 finished, 0 to run").doesNotContain("attempt");
        assertThat(Files.getLastModifiedTime(out.resolve("trials/darts-seed0/model/results.json"))).isEqualTo(done);
    }

    /**
     * The sampling chain of experiments/sampling.yaml at a tiny size: a setup table, then per
     * supernet its ranking against the table, an evolution and the retraining of its pick, and
     * the board steps of cream.yaml, optional and, on a supernet without a board, not applicable.
     */
    @Test
    void aSpecWithASetupAndStepsRunsTheSamplingChainOnATinyBudget() throws Exception {
        TestData.requireFashionMnist();
        Path spec = tmp.resolve("tiny-sampling.yaml");
        Files.writeString(spec, """
                name: tiny-sampling
                seeds: [0]
                threads: 1
                search: --space mbv3-small --epochs 1 --limit 128 --batch-size 32
                setup:
                  - name: table
                    run: table --space mbv3-small --sample 2 --seed 0 --out {trial} --epochs 1 --batch-size 32 --limit 64
                    done: summary.json
                configurations:
                  - name: spos
                    search: --method spos
                    steps:
                      - name: board-8M
                        run: board {trial} --budget 8
                        done: board-8M.json
                        optional: true
                        worker_options: false
                      - name: retrain-board-8M
                        run: train {trial}/board-8M.json --epochs 1 --limit 64 --out {trial}/board-8M-model --no-progress
                        needs: board-8M.json
                        done: board-8M-model/results.json
                steps:
                  - name: rank
                    run: rank {trial} --archs {root}/trials/setup/table.csv --out {trial}/rank.csv
                    done: rank.csv
                  - name: evolve
                    run: evolve {trial} --budgets 8 --population 4 --parents 2 --generations 2 --mutations 2 --crossovers 2 --eval-images 64 --seed {seed}
                    done: evolve/summary.json
                    done_contains: '"status" : "done"'
                  - name: retrain-8M
                    run: train {trial}/evolve/best-8M.json --epochs 1 --batch-size 32 --limit 64 --seed {seed} --out {trial}/evolve/best-8M-model --no-progress
                    resume: train --resume {trial}/evolve/best-8M-model --no-progress
                    started: evolve/best-8M-model/config.json
                    done: evolve/best-8M-model/results.json
                """);
        Path out = tmp.resolve("sampling");
        CapturedRun run = CapturedRun.of("experiment", spec.toString(), "--device", "cpu", "--out", out.toString());
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("1 trial(s): 0 finished, 1 to run").contains("trial setup: finished (attempt 1)")
                .contains("trial spos-seed0: finished (attempt 1)");
        assertThat(Files.readAllLines(out.resolve("trials/setup/table.csv"))).hasSize(3);
        Path trial = out.resolve("trials/spos-seed0");
        assertThat(trial.resolve("rank.csv")).isNotEmptyFile();
        assertThat(Files.readString(trial.resolve("evolve/summary.json"))).contains("\"status\" : \"done\"");
        assertThat(trial.resolve("evolve/best-8M-model/results.json")).isNotEmptyFile();
        String log = Files.readString(out.resolve("trials/spos-seed0.log"));
        // a SPOS supernet has no board: the optional step fails, its retraining does not apply
        assertThat(log).contains("== optional step board-8M exited with status 2; the trial goes on")
                .contains("retrain-board-8M: skipped, board-8M.json does not exist")
                .contains("rank: distillnas rank " + trial + " --archs " + out.toAbsolutePath() + "/trials/setup/table.csv");
        assertThat(Files.readString(out.resolve("report.md"))).contains("spos");

        CapturedRun again = CapturedRun.of("experiment", spec.toString(), "--device", "cpu", "--out", out.toString());
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("1 trial(s): 1 finished, 0 to run").doesNotContain("attempt");
    }

    @Test
    void aBadOptionInASpecFailsInOneLineBeforeAnyTrialRuns() throws Exception {
        Path spec = tmp.resolve("bad.yaml");
        Files.writeString(spec, "name: bad\nseeds: [0]\nsearch: --epochs 1\nretrain: --epocs 1\nconfigurations:\n"
                + "  - name: ok\n    search: --method darts\n");
        Path out = tmp.resolve("bad");
        CapturedRun run = CapturedRun.of("experiment", spec.toString(), "--out", out.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("distillnas: configuration ok: retrain options '--epocs 1': Unknown options: '--epocs', '1'");
        assertThat(out).doesNotExist();

        Files.writeString(spec, "name: bad\nseeds: [0]\nconfigurations:\n  - name: ok\n    search: --method darts\n"
                + "steps:\n  - name: board\n    run: board {trial} --budget 8\n    done: board.json\n");
        run = CapturedRun.of("experiment", spec.toString(), "--out", out.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("distillnas: configuration ok: step board 'board {trial} --budget 8': Unknown options:"
                + " '--threads', '1', '--device', 'cpu' (a worker adds --threads and --device unless worker_options: false)\n");
        assertThat(out).doesNotExist();

        Files.writeString(spec, "name: bad\nseeds: [0]\nconfigurations:\n  - name: typo\n    search: --method dartz\n");
        run = CapturedRun.of("experiment", spec.toString(), "--out", out.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("distillnas: configuration typo: ").contains("dartz");
        assertThat(out).doesNotExist();
    }

    @Test
    void aKilledExperimentStartedAgainRunsOnlyItsUnfinishedTrials() throws Exception {
        TestData.requireFashionMnist();
        Path out = tmp.resolve("sd");
        List<String> args = new ArrayList<>(List.of("experiment", "experiments/self-distillation.yaml", "--seeds", "0",
                "--configurations", "darts,sd-darts", "--search-budget", "--epochs 2 --limit 256", "--retrain-budget", RETRAIN,
                "--device", "cpu", "--out", out.toString()));
        Path log = tmp.resolve("first.log");
        Process first = new ProcessBuilder(ChildJvm.command("1g", Main.class, Map.of(), args)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Path second = out.resolve("trials/sd-darts-seed0");
        try {
            // one trial finished, the other's search under way
            long deadline = System.currentTimeMillis() + 300_000;
            while (!(Files.exists(out.resolve("trials/darts-seed0/model/results.json"))
                    && Files.exists(second.resolve("config.json")))) {
                assertThat(first.isAlive()).as(Files.exists(log) ? Files.readString(log) : "").isTrue();
                assertThat(System.currentTimeMillis()).as("waiting for the second trial").isLessThan(deadline);
                Thread.sleep(100);
            }
            List<ProcessHandle> workers = first.descendants().toList();
            assertThat(workers).isNotEmpty();
            first.destroy(); // SIGTERM, as kill or a closed terminal sends: the workers go with it
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle w : workers) {
                w.onExit().get(30, TimeUnit.SECONDS);
            }
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
        }
        assertThat(second.resolve("summary.json")).doesNotExist();
        Path finished = out.resolve("trials/darts-seed0/model/results.json");
        FileTime done = Files.getLastModifiedTime(finished);
        long finishedLog = Files.size(out.resolve("trials/darts-seed0.log"));

        CapturedRun again = CapturedRun.of(args.toArray(String[]::new));

        assertThat(again.status()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("2 trial(s): 1 finished, 1 to run").contains("trial sd-darts-seed0: finished (attempt 1)")
                .doesNotContain("trial darts-seed0:");
        assertThat(Files.getLastModifiedTime(finished)).isEqualTo(done);
        assertThat(Files.size(out.resolve("trials/darts-seed0.log"))).isEqualTo(finishedLog);
        // the interrupted search continued from its folder rather than starting over
        assertThat(Files.readString(out.resolve("trials/sd-darts-seed0.log"))).contains("search: distillnas search --resume");
        assertThat(Files.readString(out.resolve("report.md"))).contains("| darts | 1 |").contains("| sd-darts | 1 |");
    }
}
