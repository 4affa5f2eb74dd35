package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.distillnas.campaign.RunFingerprint;
import org.distillnas.cli.Main;
import org.distillnas.util.ChildJvm;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.Failpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint write that fails part-way (a simulated write error, as from a full disk) leaves the
 * previous checkpoint in force, removes the half-written one, stops the run with one line, and the
 * run then resumes to exactly what an uninterrupted run writes.
 */
class CheckpointWriteFailureTest {
    private static final String[] SEARCH = {"search", "--limit", "400", "--epochs", "2", "--batch-size", "32", "--channels",
        "4", "--cells", "1", "--log-every", "5", "--seed", "4", "--threads", "1", "--no-progress"};

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    @AfterEach
    void disarm() {
        System.clearProperty(Failpoints.PROPERTY);
        Failpoints.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {Failpoints.CHECKPOINT_TENSORS, Failpoints.CHECKPOINT_STATE, Failpoints.CHECKPOINT_LATEST})
    void aFailedWriteKeepsThePreviousCheckpoint(String failpoint) {
        Checkpointer c = new Checkpointer(tmp.resolve("checkpoints"), 2);
        try (NDManager m = NDManager.newBaseManager()) {
            // 16 KiB of tensors, so that the part-way failpoint falls inside the file
            Map<String, NDArray> arrays = Map.of("w", m.arange(4096f));
            c.save("epoch-0001", arrays, JsonNodeFactory.instance.objectNode().put("epochs_done", 1));
            Failpoints.reset();
            System.setProperty(Failpoints.PROPERTY, failpoint + "@1:ioerror");
            assertThatThrownBy(() -> c.save("epoch-0002", arrays, JsonNodeFactory.instance.objectNode().put("epochs_done", 2)))
                    .isInstanceOf(Checkpointer.CheckpointWriteException.class)
                    .hasMessageContaining("simulated write error")
                    .hasMessageContaining("the previous checkpoint epoch-0001 is intact");
            assertThat(c.latestName()).isEqualTo("epoch-0001");
            assertThat(tmp.resolve("checkpoints/epoch-0002")).doesNotExist();
            assertThat(c.names()).containsExactly("epoch-0001");
            Checkpointer.Loaded back = c.loadLatest(m);
            assertThat(back.arrays().get("w").toFloatArray()).hasSize(4096);
            assertThat(back.state().get("epochs_done").asInt()).isEqualTo(1);
        }
    }

    /** In child JVMs with one thread each, as a user runs them: the real exit code and standard error. */
    @Test
    void aSearchWhoseCheckpointWriteFailsStopsWithOneLineAndResumesExactly() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path reference = tmp.resolve("reference");
        Path failed = tmp.resolve("failed");
        assertThat(child(Map.of(), concat(SEARCH, "--out", reference.toString())).code()).isZero();

        Result r = child(Map.of(Failpoints.PROPERTY, Failpoints.CHECKPOINT_TENSORS + "@2:ioerror"),
                concat(SEARCH, "--out", failed.toString()));
        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("distillnas: cannot write checkpoint").contains("epoch-0002")
                .contains("simulated write error").contains("the previous checkpoint epoch-0001 is intact");
        assertThat(Files.readString(failed.resolve("checkpoints/LATEST")).trim()).isEqualTo("epoch-0001");
        try (Stream<Path> s = Files.list(failed.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("LATEST", "epoch-0001");
        }

        assertThat(child(Map.of(), "search", "--resume", failed.toString(), "--no-progress").code()).isZero();
        assertThat(RunFingerprint.of(failed).differencesFrom(RunFingerprint.of(reference))).isEmpty();
    }

    private record Result(int code, String err) {}

    private Result child(Map<String, String> properties, String... args) throws Exception {
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        Process p = new ProcessBuilder(ChildJvm.command("1g", Main.class, properties, List.of(args)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
