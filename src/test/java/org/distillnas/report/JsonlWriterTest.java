package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlWriterTest {
    @TempDir
    Path dir;

    private static Map<String, Object> epoch(int epoch, double acc) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "epoch");
        r.put("epoch", epoch);
        r.put("val_acc", acc);
        return r;
    }

    @Test
    void writesOneCompactLinePerRecordAndReadsThemBack() throws Exception {
        Path file = dir.resolve("run/metrics.jsonl");
        try (JsonlWriter w = new JsonlWriter(file)) {
            assertThat(w.position()).isZero();
            w.write(epoch(1, 0.5));
            assertThat(w.position()).isEqualTo(Files.size(file));
            w.write(Map.of("text", "two\nlines"));
            w.write(List.of(1, 2, 3));
            assertThat(w.position()).isEqualTo(Files.size(file));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly(
                "{\"type\":\"epoch\",\"epoch\":1,\"val_acc\":0.5}", "{\"text\":\"two\\nlines\"}", "[1,2,3]");

        List<JsonNode> records = JsonlWriter.readAll(file);
        assertThat(records).hasSize(3);
        assertThat(records.get(0).get("val_acc").asDouble()).isEqualTo(0.5);
        assertThat(records.get(1).get("text").asText()).isEqualTo("two\nlines");
    }

    @Test
    void appendsToAnExistingFile() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (JsonlWriter w = new JsonlWriter(file)) {
            w.write(epoch(1, 0.1));
        }
        long size = Files.size(file);
        try (JsonlWriter w = new JsonlWriter(file)) {
            assertThat(w.position()).isEqualTo(size);
            w.write(epoch(2, 0.2));
        }
        assertThat(JsonlWriter.readAll(file)).extracting(n -> n.get("epoch").asInt()).containsExactly(1, 2);
    }

    @Test
    void truncateDropsTheLinesWrittenAfterACheckpoint() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        long checkpoint;
        try (JsonlWriter w = new JsonlWriter(file)) {
            w.write(epoch(1, 0.1));
            w.write(epoch(2, 0.2));
            checkpoint = w.position();
            w.write(epoch(3, 0.3));
            w.write(epoch(4, 0.4));
        }
        JsonlWriter.truncate(file, checkpoint);

        assertThat(Files.size(file)).isEqualTo(checkpoint);
        try (JsonlWriter w = new JsonlWriter(file)) {
            assertThat(w.position()).isEqualTo(checkpoint);
            w.write(epoch(3, 0.33));
        }
        assertThat(JsonlWriter.readAll(file)).extracting(n -> n.get("val_acc").asDouble()).containsExactly(0.1, 0.2, 0.33);

        JsonlWriter.truncate(file, 0);
        assertThat(JsonlWriter.readAll(file)).isEmpty();
    }

    @Test
    void truncateRejectsSizesThatDoNotFitTheFile() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (JsonlWriter w = new JsonlWriter(file)) {
            w.write(epoch(1, 0.1));
        }
        long size = Files.size(file);
        assertThatThrownBy(() -> JsonlWriter.truncate(file, size + 10))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("to " + (size + 10) + " bytes: it has " + size);
        assertThatThrownBy(() -> JsonlWriter.truncate(file, 5))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("that is inside a line");
        assertThat(Files.size(file)).isEqualTo(size);
        assertThatThrownBy(() -> JsonlWriter.truncate(dir.resolve("missing.jsonl"), 10))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
        JsonlWriter.truncate(dir.resolve("missing.jsonl"), 0);
    }

    @Test
    void readAllIgnoresAnIncompleteLastLine() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"epoch\":1}\n\n{\"epoch\":2}\n{\"epoch\":3,\"val_a");

        assertThat(JsonlWriter.readAll(file)).extracting(n -> n.get("epoch").asInt()).containsExactly(1, 2);
    }

    @Test
    void readAllKeepsAFinalLineThatIsCompleteButUnterminated() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"epoch\":1}\n{\"epoch\":2}");

        assertThat(JsonlWriter.readAll(file)).hasSize(2);
    }

    @Test
    void readAllRejectsABrokenLineInTheMiddle() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"epoch\":1}\n{\"epoch\":\n{\"epoch\":3}\n");

        assertThatThrownBy(() -> JsonlWriter.readAll(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": line 2 is not valid JSON: ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> JsonlWriter.readAll(dir.resolve("nope.jsonl")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void reopeningCutsOffAPartialLineLeftByAKilledRun() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"epoch\":1}\n{\"epoch\":2,\"lo");
        try (JsonlWriter w = new JsonlWriter(file)) {
            assertThat(w.position()).isEqualTo("{\"epoch\":1}\n".length());
            w.write(epoch(2, 0.2));
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("{\"epoch\":1}\n{\"type\":\"epoch\",\"epoch\":2,\"val_acc\":0.2}\n");

        Files.writeString(file, "no newline at all", StandardOpenOption.TRUNCATE_EXISTING);
        try (JsonlWriter w = new JsonlWriter(file)) {
            assertThat(w.position()).isZero();
        }
        assertThat(Files.size(file)).isZero();
    }
}
