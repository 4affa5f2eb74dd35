package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * An SD-DARTS search killed with SIGKILL in its third epoch resumes with its teachers intact: it
 * ends exactly as the uninterrupted run (same alphas bit for bit, same genotype, same metrics),
 * which it cannot unless the snapshot ring or the output cache came back from the checkpoint as it
 * was. The architecture step is distilled too, so both splits' teachers are checked.
 */
class SdDartsResumeAfterKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        // 400 train / 400 val images: 12 steps of 32 per epoch
        // one thread: on a shared 2-core machine two libtorch threads per process ran 6x slower
        cmd.addAll(List.of("--method", "sd-darts", "--sd-teachers", "2", "--sd-arch", "--limit", "800", "--epochs", "3",
                "--batch-size", "32", "--channels", "4", "--cells", "1", "--log-every", "1", "--seed", "5", "--threads",
                "1", "--no-progress"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Process start(Path log, String... args) throws Exception {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Snapshots every 5 steps: the checkpoint after epoch 2 (24 steps) holds those after 15 and 20. */
    @Test
    void snapshotTeachersSurviveAKill() throws Exception {
        JsonNode teachers = killAndResume("snapshot", "--sd-every", "5");
        assertThat(teachers.at("/train/steps").toString()).isEqualTo("[15,20]");
    }

    /** Cached outputs: the checkpoint after epoch 2 holds epoch 1's outputs as teachers, epoch 2's being written. */
    @Test
    void cachedTeachersSurviveAKill() throws Exception {
        JsonNode teachers = killAndResume("cache", "--sd-source", "cache", "--sd-vote", "confidence");
        for (String split : new String[] {"train", "val"}) {
            assertThat(teachers.at("/" + split + "/epochs").toString()).as(split).isEqualTo("[0]");
            assertThat(teachers.at("/" + split + "/writing_epoch").asInt()).as(split).isEqualTo(1);
        }
    }

    /** Runs the search uninterrupted and killed-then-resumed; returns the teachers' state the resume started from. */
    private JsonNode killAndResume(String name, String... sdArgs) throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path full = tmp.resolve(name + "-full");
        Path killed = tmp.resolve(name + "-killed");

        Process reference = start(tmp.resolve(name + "-full.log"), with(sdArgs, "--out", full.toString()));
        assertThat(reference.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(reference.exitValue()).as(Files.readString(tmp.resolve(name + "-full.log"))).isZero();

        Process victim = start(tmp.resolve(name + "-killed.log"), with(sdArgs, "--out", killed.toString()));
        boolean midEpoch = waitForThirdEpochSteps(killed, victim);
        victim.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        victim.waitFor(1, TimeUnit.MINUTES);
        assertThat(midEpoch).as("killed during epoch 3, after the second checkpoint").isTrue();
        assertThat(Files.readString(killed.resolve("checkpoints/LATEST")).trim()).isEqualTo("epoch-0002");
        JsonNode teachers = JSON.readTree(killed.resolve("checkpoints/epoch-0002/state.json").toFile())
                .at("/strategy/distill");

        Process resumed = start(tmp.resolve(name + "-resumed.log"), "--resume", killed.toString());
        assertThat(resumed.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(resumed.exitValue()).as(Files.readString(tmp.resolve(name + "-resumed.log"))).isZero();

        assertThat(Files.readString(killed.resolve("config.json"))).isEqualTo(Files.readString(full.resolve("config.json")));
        assertThat(Files.readString(killed.resolve("genotype.json"))).isEqualTo(Files.readString(full.resolve("genotype.json")));
        assertThat(JsonlWriter.readAll(killed.resolve("alphas.jsonl"))).isEqualTo(JsonlWriter.readAll(full.resolve("alphas.jsonl")));
        assertThat(withoutTimes(JsonlWriter.readAll(killed.resolve("metrics.jsonl"))))
                .isEqualTo(withoutTimes(JsonlWriter.readAll(full.resolve("metrics.jsonl"))));
        return teachers;
    }

    private static String[] with(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Waits until the second checkpoint is written and the third epoch has logged a step. */
    private static boolean waitForThirdEpochSteps(Path run, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        Path metrics = run.resolve("metrics.jsonl");
        Path latest = run.resolve("checkpoints/LATEST");
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(latest) && Files.readString(latest).trim().equals("epoch-0002") && Files.exists(metrics)) {
                for (JsonNode n : JsonlWriter.readAll(metrics)) {
                    if (n.get("type").asText().equals("step") && n.get("epoch").asInt() == 3) {
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
