package org.distillnas.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFingerprintTest {
    @TempDir
    Path tmp;

    private Path run(String name, double loss, double seconds, String weights) throws Exception {
        Path d = tmp.resolve(name);
        Files.createDirectories(d.resolve("checkpoints/epoch-0002"));
        Files.writeString(d.resolve("metrics.jsonl"), "{\"type\":\"step\",\"loss\":1.5}\n{\"type\":\"epoch\",\"loss\":" + loss
                + ",\"seconds\":" + seconds + "}\n");
        Files.writeString(d.resolve("summary.json"), "{\"gap\":0.1,\"wall_seconds_this_invocation\":" + seconds + "}");
        Files.writeString(d.resolve("checkpoints/LATEST"), "epoch-0002\n");
        Files.writeString(d.resolve("checkpoints/epoch-0002/tensors.ndlist"), weights);
        return d;
    }

    @Test
    void timesAloneMakeNoDifference() throws Exception {
        RunFingerprint a = RunFingerprint.of(run("a", 0.5, 10, "w"));
        RunFingerprint b = RunFingerprint.of(run("b", 0.5, 99, "w"));
        assertThat(b.differencesFrom(a)).isEmpty();
    }

    @Test
    void aChangedValueOrWeightIsNamedWithItsLine() throws Exception {
        RunFingerprint a = RunFingerprint.of(run("a", 0.5, 10, "w"));
        RunFingerprint b = RunFingerprint.of(run("b", 0.50001, 10, "v"));
        assertThat(b.differencesFrom(a)).hasSize(2);
        assertThat(b.differencesFrom(a).get(0)).startsWith("metrics.jsonl: line 2 differs");
        assertThat(b.differencesFrom(a).get(1)).startsWith("final checkpoint: line 1 differs");
    }

    @Test
    void missingLinesAndFilesAreDifferences() throws Exception {
        RunFingerprint a = RunFingerprint.of(run("a", 0.5, 10, "w"));
        Path c = run("c", 0.5, 10, "w");
        Files.writeString(c.resolve("metrics.jsonl"), "{\"type\":\"step\",\"loss\":1.5}\n");
        Files.delete(c.resolve("summary.json"));
        assertThat(RunFingerprint.of(c).differencesFrom(a)).containsExactly("metrics.jsonl: 1 lines vs 2 in the reference",
                "summary.json: missing");
    }
}
