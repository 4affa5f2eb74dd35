package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table whose worker is killed resumes that trial and leaves the finished ones alone. */
class TableRunTest {
    @TempDir
    Path tmp;

    private static final List<String> ARCHS = List.of(
            "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|",
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|",
            "|nor_conv_1x1~0|+|avg_pool_3x3~0|none~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|");
    private static final List<String> TRAIN = List.of("--epochs", "2", "--limit", "640", "--channels", "4",
            "--batch-size", "64", "--threads", "1");

    @Test
    void killedWorkerIsResumedWithoutRetrainingFinishedTrials() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path dir = tmp.resolve("table");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        AtomicBoolean killed = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            long deadline = System.currentTimeMillis() + 120_000;
            while (!killed.get() && System.currentTimeMillis() < deadline) {
                Optional<ProcessHandle> worker = ProcessHandle.current().descendants()
                        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("0000")).orElse(false))
                        .findFirst();
                if (worker.isPresent()) {
                    try {
                        Thread.sleep(1500); // let it start training
                    } catch (InterruptedException e) {
                        return;
                    }
                    killed.set(worker.get().destroyForcibly());
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        killer.start();
        assertThatThrownBy(() -> new TableRun(dir, ARCHS, TRAIN, 2, quiet).run())
                .isInstanceOf(BadInputException.class).hasMessageContaining("[0]");
        killer.join();
        assertThat(killed).isTrue();
        assertThat(Files.readAllLines(dir.resolve("table.csv"))).hasSize(3); // header + trials 1 and 2
        Path done1 = dir.resolve("trials/0001/results.json");
        Path done2 = dir.resolve("trials/0002/results.json");
        FileTime t1 = Files.getLastModifiedTime(done1);
        FileTime t2 = Files.getLastModifiedTime(done2);
        long log1 = Files.size(dir.resolve("trials/0001.log"));

        new TableRun(dir, ARCHS, TRAIN, 2, quiet).run();

        List<String> table = Files.readAllLines(dir.resolve("table.csv"));
        assertThat(table).hasSize(4);
        assertThat(table.get(1)).startsWith("\"" + ARCHS.get(0));
        assertThat(Files.getLastModifiedTime(done1)).isEqualTo(t1);
        assertThat(Files.getLastModifiedTime(done2)).isEqualTo(t2);
        assertThat(Files.size(dir.resolve("trials/0001.log"))).isEqualTo(log1);
        assertThat(dir.resolve("trials/0000/results.json")).isNotEmptyFile();
    }

    @Test
    void aFolderOfAnotherSampleIsRejected() throws Exception {
        Path dir = tmp.resolve("other");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("architectures.txt"), "|x|\n");
        assertThatThrownBy(() -> new TableRun(dir, ARCHS, TRAIN, 1, new PrintStream(new ByteArrayOutputStream())).run())
                .isInstanceOf(BadInputException.class).hasMessageContaining("other architectures");
    }
}
