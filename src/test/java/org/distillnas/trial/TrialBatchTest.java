package org.distillnas.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a batch hands to its runner, what it reports, and what it refuses. */
class TrialBatchTest {
    @TempDir
    Path root;

    private static TrialSpec trial(String id, String epochs) {
        return new TrialSpec(id, List.of(new TrialStep("train", List.of("train", "x", "--epochs", epochs, "--out", TrialStep.TRIAL),
                List.of("train", "--resume", TrialStep.TRIAL), "results.json", "config.json")), List.of("-Xmx1g"));
    }

    /** Plays a runner: finishes the trials it is given (writes their result) except those named to fail. */
    private static final class FakeRunner implements TrialRunner {
        final List<String> given = new ArrayList<>();
        final List<String> failing;

        FakeRunner(String... failing) {
            this.failing = List.of(failing);
        }

        @Override
        public List<TrialOutcome> run(Path root, List<TrialSpec> trials, TrialListener listener) {
            List<TrialOutcome> out = new ArrayList<>();
            for (TrialSpec t : trials) {
                given.add(t.id());
                listener.attemptStarted(t.id(), 1);
                TrialOutcome o;
                if (failing.contains(t.id())) {
                    o = TrialOutcome.failed(t.id(), 1, "a step failed (exit 1)");
                } else {
                    try {
                        Files.createDirectories(TrialSpec.dir(root, t.id()));
                        Files.writeString(TrialSpec.dir(root, t.id()).resolve("results.json"), "{}");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    o = TrialOutcome.finished(t.id(), 1);
                }
                listener.ended(o);
                out.add(o);
            }
            return out;
        }

        @Override
        public String describe() {
            return "a fake";
        }
    }

    @Test
    void onlyUnfinishedTrialsRunAndEveryOutcomeIsReportedInOrder() throws Exception {
        List<TrialSpec> trials = List.of(trial("a", "1"), trial("b", "1"), trial("c", "1"));
        Files.createDirectories(TrialSpec.dir(root, "b"));
        Files.writeString(TrialSpec.dir(root, "b").resolve("results.json"), "{}");
        FakeRunner runner = new FakeRunner("c");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> finished = new ArrayList<>();
        List<TrialOutcome> o = new TrialBatch(root, "test", trials).run(runner, new PrintStream(printed, true), finished::add);

        assertThat(runner.given).containsExactly("a", "c");
        assertThat(o).extracting(TrialOutcome::id).containsExactly("a", "b", "c");
        assertThat(o).extracting(TrialOutcome::status).containsExactly(TrialOutcome.Status.FINISHED,
                TrialOutcome.Status.ALREADY_FINISHED, TrialOutcome.Status.FAILED);
        assertThat(finished).containsExactly("a");
        assertThat(printed.toString()).startsWith("3 trial(s): 1 finished, 2 to run on a fake\n")
                .contains("trial c: FAILED after 1 attempt(s): a step failed (exit 1)");
        assertThat(TrialSpec.read(TrialSpec.file(root, "a"))).isEqualTo(trials.get(0));
        List<String> events = Files.readAllLines(root.resolve("trials.jsonl"));
        assertThat(events).hasSize(4);
        assertThat(events.get(3)).contains("\"trial\":\"c\",\"event\":\"failed\",\"attempt\":1,\"detail\":\"a step failed (exit 1)\"");
        assertThatThrownBy(() -> TrialBatch.requireAllOk(o)).isInstanceOf(BadInputException.class)
                .hasMessage("1 trial(s) failed: c; their logs say why; run the same command again to retry them");

        FakeRunner second = new FakeRunner();
        new TrialBatch(root, "test", trials).run(second, new PrintStream(new ByteArrayOutputStream()), id -> {});
        assertThat(second.given).containsExactly("c");
    }

    @Test
    void aStartedTrialMayGainOrDropLaterStepsButNotChangeItsOwn() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        TrialSpec one = trial("a", "1");
        TrialStep extra = new TrialStep("confidence", List.of("confidence", TrialStep.TRIAL), null, "confidence.json", null);
        List<TrialStep> both = new ArrayList<>(one.steps());
        both.add(extra);
        TrialSpec two = new TrialSpec("a", both, one.jvmOptions());
        new TrialBatch(root, "test", List.of(one)).run(new FakeRunner(), quiet, id -> {});
        FakeRunner runner = new FakeRunner();
        new TrialBatch(root, "test", List.of(two)).run(runner, quiet, id -> {});
        assertThat(runner.given).containsExactly("a"); // its new step is not done
        assertThat(TrialSpec.read(TrialSpec.file(root, "a"))).isEqualTo(two);
        FakeRunner none = new FakeRunner();
        new TrialBatch(root, "test", List.of(one)).run(none, quiet, id -> {});
        assertThat(none.given).isEmpty(); // finished as far as the shorter spec goes
    }

    @Test
    void aStartedTrialsSpecCannotChangeButAnUnstartedOneCan() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new TrialBatch(root, "test", List.of(trial("a", "1"))).run(new FakeRunner("a"), quiet, id -> {});
        // not started (no folder): the new spec replaces the old
        new TrialBatch(root, "test", List.of(trial("a", "2"))).run(new FakeRunner("a"), quiet, id -> {});
        assertThat(TrialSpec.read(TrialSpec.file(root, "a"))).isEqualTo(trial("a", "2"));
        Files.createDirectories(TrialSpec.dir(root, "a"));
        assertThatThrownBy(() -> new TrialBatch(root, "test", List.of(trial("a", "3"))).run(new FakeRunner(), quiet, id -> {}))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("trial a in " + root + " was started with other options");
        assertThat(TrialSpec.read(TrialSpec.file(root, "a"))).isEqualTo(trial("a", "2"));
    }

    @Test
    void specsRoundTripAndBadOnesAreOneLine() throws Exception {
        TrialSpec t = trial("rf-darts+sd-seed0", "1");
        t.write(TrialSpec.file(root, t.id()));
        assertThat(TrialSpec.read(TrialSpec.file(root, t.id()))).isEqualTo(t);
        assertThat(TrialSpec.dirOfSpec(TrialSpec.file(root, t.id()))).isEqualTo(TrialSpec.dir(root, t.id()));
        assertThatThrownBy(() -> trial("../x", "1")).isInstanceOf(BadInputException.class)
                .hasMessage("trial id '../x': expected 1-63 letters, digits, '.', '_', '+' or '-'");
        Path bad = root.resolve("bad.json");
        Files.writeString(bad, "{\"id\": \"x\", \"steps\": []}");
        assertThatThrownBy(() -> TrialSpec.read(bad)).isInstanceOf(BadInputException.class)
                .hasMessage("trial spec " + bad + " is not readable: trial x: expected at least one step");
    }

    @Test
    void exitStatusesSayWhatHappened() {
        assertThat(LocalTrialRunner.exitMeaning(137)).startsWith("its JVM was killed (exit 137, SIGKILL");
        assertThat(LocalTrialRunner.exitMeaning(134)).isEqualTo("its JVM died of signal 6 (exit 134)");
        assertThat(LocalTrialRunner.exitMeaning(3)).isEqualTo("its JVM ran out of memory (exit 3)");
        assertThat(LocalTrialRunner.exitMeaning(2)).isEqualTo("a step rejected its options (exit 2)");
        assertThat(LocalTrialRunner.exitMeaning(1)).isEqualTo("a step failed (exit 1)");
    }

    @Test
    void aStepThatExitsWithoutItsResultFailsTheTrialAndWorkerOptionsDoNotRepeatTheStepsOwn() throws Exception {
        // `cost --help` exits 0 and writes nothing: the executor must not take that for a finished step
        TrialSpec t = new TrialSpec("help", List.of(new TrialStep("cost", List.of("cost", "--help", "--threads", "1"), null,
                "never.json", null)), List.of("-Xmx256m"));
        Path log = TrialSpec.log(root, "help");
        Files.createDirectories(log.getParent());
        int status = new TrialExecutor(Map.of("--threads", "2", "--device", "cpu")).execute(t, TrialSpec.dir(root, "help"), log);
        assertThat(status).isEqualTo(1);
        String text = Files.readString(log);
        assertThat(text).contains("cost: distillnas cost --help --threads 1 --device cpu\n")
                .contains("Usage: distillnas cost").contains("== step cost exited 0 but did not write never.json");
        assertThat(TrialExecutor.tail(log, 0, 1)).isEqualTo("== step cost exited 0 but did not write never.json");
    }
}
