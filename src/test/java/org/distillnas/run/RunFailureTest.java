package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure marker: left by a run that fails in its own folder, never by a refused one, cleared on restart. */
class RunFailureTest {
    @TempDir
    Path tmp;

    @Test
    void aNewRunThatFailsAfterWritingItsConfigLeavesTheMarker() throws Exception {
        Path dir = tmp.resolve("run");
        assertThatThrownBy(() -> RunFailure.watch(dir, false, () -> {
            write(dir.resolve("config.json"), "{}");
            throw new IllegalStateException("loss is NaN at epoch 3");
        })).hasMessage("loss is NaN at epoch 3");
        JsonNode marker = new ObjectMapper().readTree(dir.resolve(RunFailure.FILE_NAME).toFile());
        assertThat(marker.get("error").asText()).isEqualTo("loss is NaN at epoch 3");
        assertThat(Instant.parse(marker.get("time").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void aRunRefusedBeforeItsFolderHoldsAConfigLeavesNoMarker() {
        Path dir = tmp.resolve("never");
        assertThatThrownBy(() -> RunFailure.watch(dir, false, () -> {
            throw new IllegalArgumentException("no data");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve(RunFailure.FILE_NAME)).doesNotExist();
    }

    @Test
    void aSecondRunRefusedInAnOccupiedFolderDoesNotMarkTheFirst() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("taken"));
        write(dir.resolve("config.json"), "{}");
        assertThatThrownBy(() -> RunFailure.watch(dir, false, () -> {
            throw new IllegalStateException("already holds a search");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(dir.resolve(RunFailure.FILE_NAME)).doesNotExist();
    }

    @Test
    void aResumedRunClearsTheMarkerAndAFinishedOneLeavesNone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("resumed"));
        write(dir.resolve("config.json"), "{}");
        RunFailure.record(dir, new RuntimeException());
        assertThat(dir.resolve(RunFailure.FILE_NAME)).exists();
        assertThat(RunFailure.watch(dir, true, () -> {
            assertThat(dir.resolve(RunFailure.FILE_NAME)).doesNotExist();
            return 7;
        })).isEqualTo(7);
        assertThat(dir.resolve(RunFailure.FILE_NAME)).doesNotExist();
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
