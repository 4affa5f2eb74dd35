package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.distillnas.report.JsonlWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search killed with SIGKILL in the middle of an epoch and resumed ends exactly as an
 * uninterrupted run with the same seed: same alphas (bit for bit), same genotype, same metrics.
 */
class ResumeAfterKillTest {
    @TempDir
    Path tmp;

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx1g");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.distillnas.cli.Main");
        cmd.add("search");
        cmd.addAll(List.of("--limit", "1200", "--epochs", "3", "--batch-size", "32", "--channels", "4", "--cells", "1",
                "--log-every", "1", "--seed", "11", "--threads", "2", "--no-progress"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Process start(Path log, String... args) throws Exception {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void killedSearchResumesToTheSameResult() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path full = tmp.resolve("full");
        Path killed = tmp.resolve("killed");

        Process reference = start(tmp.resolve("full.log"), "--out", full.toString());
        assertThat(reference.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(reference.exitValue()).as(Files.readString(tmp.resolve("full.log"))).isZero();

        Process victim = start(tmp.resolve("killed.log"), "--out", killed.toString());
        boolean midEpoch = waitForSecondEpochSteps(killed, victim);
        victim.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        victim.waitFor(1, TimeUnit.MINUTES);
        assertThat(midEpoch).as("killed during epoch 2, after the first checkpoint").isTrue();
        assertThat(Files.readString(killed.resolve("checkpoints/LATEST")).trim()).isEqualTo("epoch-0001");

        Process resumed = start(tmp.resolve("resumed.log"), "--resume", killed.toString());
        assertThat(resumed.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(resumed.exitValue()).as(Files.readString(tmp.resolve("resumed.log"))).isZero();

        assertThat(Files.readString(killed.resolve("genotype.json"))).isEqualTo(Files.readString(full.resolve("genotype.json")));
        assertThat(JsonlWriter.readAll(killed.resolve("alphas.jsonl"))).isEqualTo(JsonlWriter.readAll(full.resolve("alphas.jsonl")));
        assertThat(withoutTimes(JsonlWriter.readAll(killed.resolve("metrics.jsonl"))))
                .isEqualTo(withoutTimes(JsonlWriter.readAll(full.resolve("metrics.jsonl"))));
    }

    /** Waits until the first checkpoint is written and the second epoch has logged a step. */
    private static boolean waitForSecondEpochSteps(Path run, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Path metrics = run.resolve("metrics.jsonl");
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(run.resolve("checkpoints/LATEST")) && Files.exists(metrics)) {
                for (JsonNode n : JsonlWriter.readAll(metrics)) {
                    if (n.get("type").asText().equals("step") && n.get("epoch").asInt() == 2) {
                        return p.isAlive();
                    }
                }
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static List<JsonNode> withoutTimes(List<JsonNode> lines) {
        for (JsonNode n : lines) {
            ((ObjectNode) n).remove("seconds");
        }
        return lines;
    }

}
