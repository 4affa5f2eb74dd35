package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.distillnas.trial.LocalTrialRunner;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table whose worker JVM is killed (as the out-of-memory killer does) reports that trial failed
 * with its log, finishes the others, and on the next invocation resumes it and leaves the finished
 * ones alone; with a retry left, the same invocation resumes it.
 */
class TableRunTest {
    @TempDir
    Path tmp;

    private static final List<String> ARCHS = List.of(
            "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|",
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|",
            "|nor_conv_1x1~0|+|avg_pool_3x3~0|none~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|");
    private static final List<String> TRAIN = List.of("--epochs", "2", "--limit", "640", "--channels", "4",
            "--batch-size", "64", "--threads", "1");

    private static final List<String> JVM = List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError");

    private static LocalTrialRunner runner(int retries) {
        return new LocalTrialRunner(2, retries, k -> Map.of("--threads", "1"));
    }

    @Test
    void killedWorkerIsResumedWithoutRetrainingFinishedTrials() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path dir = tmp.resolve("table");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(printed, true);
        AtomicBoolean killed = killer(dir, "0000");
        assertThatThrownBy(() -> new TableRun(dir, ARCHS, TRAIN, JVM, quiet).run(runner(0)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("1 trial(s) failed: 0000");
        assertThat(killed).isTrue();
        // reported with the signal and the tail of its log, which holds the command that was killed
        assertThat(printed.toString()).contains("trial 0000: FAILED after 1 attempt(s): its JVM was killed (exit 137")
                .contains("== step train exited with status 137");
        assertThat(Files.readAllLines(dir.resolve("table.csv"))).hasSize(3); // header + trials 1 and 2
        Path done1 = dir.resolve("trials/0001/results.json");
        Path done2 = dir.resolve("trials/0002/results.json");
        FileTime t1 = Files.getLastModifiedTime(done1);
        FileTime t2 = Files.getLastModifiedTime(done2);
        long log1 = Files.size(dir.resolve("trials/0001.log"));

        printed.reset();
        new TableRun(dir, ARCHS, TRAIN, JVM, quiet).run(runner(0));

        assertThat(printed.toString()).contains("3 trial(s): 2 finished, 1 to run").contains("trial 0000: finished (attempt 1)")
                .doesNotContain("trial 0001").doesNotContain("trial 0002");
        List<String> table = Files.readAllLines(dir.resolve("table.csv"));
        assertThat(table).hasSize(4);
        assertThat(table.get(1)).startsWith("\"" + ARCHS.get(0));
        assertThat(Files.getLastModifiedTime(done1)).isEqualTo(t1);
        assertThat(Files.getLastModifiedTime(done2)).isEqualTo(t2);
        assertThat(Files.size(dir.resolve("trials/0001.log"))).isEqualTo(log1);
        assertThat(dir.resolve("trials/0000/results.json")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("trials/0000.log"))).contains("train --resume");
        assertThat(Files.readString(dir.resolve("trials.jsonl"))).contains("\"event\":\"failed\"")
                .contains("\"trial\":\"0000\",\"event\":\"finished\"");
    }

    @Test
    void aKilledAttemptIsRetriedFromItsCheckpoint() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path dir = tmp.resolve("retried");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicBoolean killed = killer(dir, "0001");
        new TableRun(dir, ARCHS.subList(0, 2), TRAIN, JVM, new PrintStream(printed, true)).run(runner(1));
        assertThat(killed).isTrue();
        assertThat(printed.toString()).contains("trial 0001: attempt 1 failed, retrying: its JVM was killed (exit 137")
                .contains("trial 0001: finished (attempt 2)").contains("trial 0000: finished (attempt 1)");
        assertThat(Files.readAllLines(dir.resolve("table.csv"))).hasSize(3);
    }

    /** Kills, once, the worker JVM whose command line names {@code trial}, once it started its training. */
    private static AtomicBoolean killer(Path dir, String trial) {
        AtomicBoolean killed = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            long deadline = System.currentTimeMillis() + 120_000;
            while (!killed.get() && System.currentTimeMillis() < deadline) {
                Optional<ProcessHandle> worker = ProcessHandle.current().descendants()
                        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("trials/" + trial)).orElse(false))
                        .findFirst();
                // once it has written its checkpointed config, so that the next attempt resumes
                if (worker.isPresent() && Files.exists(dir.resolve("trials").resolve(trial).resolve("config.json"))) {
                    killed.set(worker.get().destroyForcibly());
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        killer.setDaemon(true);
        killer.start();
        return killed;
    }

    @Test
    void aFolderOfAnotherSampleIsRejected() throws Exception {
        Path dir = tmp.resolve("other");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("architectures.txt"), "|x|\n");
        assertThatThrownBy(() -> new TableRun(dir, ARCHS, TRAIN, JVM, new PrintStream(new ByteArrayOutputStream())).run(runner(0)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("other architectures");
    }
}
