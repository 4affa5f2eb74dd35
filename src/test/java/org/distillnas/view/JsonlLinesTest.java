package org.distillnas.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlLinesTest {
    @TempDir
    Path tmp;

    @Test
    void takesCompleteObjectLinesAndCountsTheOthers() throws Exception {
        Path f = tmp.resolve("m.jsonl");
        Files.writeString(f, "{\"a\":1}\n\n{\"a\":\n[1,2]\n{\"a\":2}\n{\"a\":3");
        JsonlLines lines = JsonlLines.read(f);
        assertThat(lines.records()).extracting(n -> n.get("a").asInt()).containsExactly(1, 2);
        // the broken object, the array, and the unfinished last line
        assertThat(lines.skipped()).isEqualTo(3);
    }

    @Test
    void anUnfinishedLastLineIsNotTakenEvenWhenItParses() throws Exception {
        Path f = tmp.resolve("m.jsonl");
        // "{"a":12}" may be the start of "{"a":123}"... no: it is complete JSON, but without its
        // newline the writer may not have finished the line it belongs to
        Files.writeString(f, "{\"a\":1}\n{\"a\":12}");
        assertThat(JsonlLines.read(f).records()).hasSize(1);
        assertThat(JsonlLines.read(f).skipped()).isEqualTo(1);
    }

    @Test
    void aMissingFileIsEmpty() {
        JsonlLines lines = JsonlLines.read(tmp.resolve("none.jsonl"));
        assertThat(lines.records()).isEmpty();
        assertThat(lines.skipped()).isZero();
    }
}
