package org.distillnas.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.distillnas.run.RunFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders are runs, and what the list says of each: kind, state, progress, best accuracy. */
class RunListingTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path root;

    private RunListing listing() {
        return new RunListing(root, RunState.DEFAULT_STALE_AFTER, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private JsonNode entry(String id) {
        for (JsonNode e : listing().entries()) {
            if (e.get("id").asText().equals(id)) {
                return e;
            }
        }
        throw new AssertionError("no run " + id + " in " + listing().entries());
    }

    @Test
    void findsRunsUpToFourLevelsDownButNotInCheckpointsOrDeeper() throws IOException {
        RunFolders.search(root.resolve("a"), "darts", 3, 0.2);
        RunFolders.model(root.resolve("a/model"), 1, 0.1);
        RunFolders.search(root.resolve("exp/v1/seed0/run"), "darts", 3);
        RunFolders.search(root.resolve("exp/v1/seed0/run/deeper"), "darts", 3); // level 5
        RunFolders.search(root.resolve("a/checkpoints/epoch-0001"), "darts", 3);
        Files.createDirectories(root.resolve("notes"));
        Files.writeString(root.resolve("notes/config.json"), "{}"); // no metrics.jsonl: not a run
        assertThat(listing().ids()).containsExactly("a", "a/model", "exp/v1/seed0/run");
        assertThat(listing().find(List.of("a", "checkpoints", "epoch-0001"))).isEmpty();
        assertThat(listing().find(List.of("notes"))).isEmpty();
        assertThat(listing().find(List.of("a", "model"))).isPresent();
    }

    @Test
    void aLinkOutOfTheRootIsNotFollowedAndALinkCycleEnds() throws IOException {
        Path outside = Files.createTempDirectory("outside-runs");
        try {
            RunFolders.search(outside.resolve("secret"), "darts", 1, 0.5);
            Files.createSymbolicLink(root.resolve("escape"), outside);
            RunFolders.search(root.resolve("inside"), "darts", 1, 0.5);
            Files.createSymbolicLink(root.resolve("inside/loop"), root);
            Files.createSymbolicLink(root.resolve("alias"), root.resolve("inside"));
            // the run once, under its own name; nothing through the link out; the cycle ends
            assertThat(listing().ids()).containsExactly("inside");
            assertThat(listing().find(List.of("escape", "secret"))).isEmpty();
        } finally {
            try (var files = Files.walk(outside)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void kindsMethodsAndProgressComeFromConfigAndEpochLines() throws IOException {
        RunFolders.search(root.resolve("nb201-darts"), "darts", 4, 0.30, 0.45, 0.41);
        RunFolders.search(root.resolve("spos"), "spos", 2, 0.12);
        RunFolders.model(root.resolve("nb201-darts/model"), 2, 0.5, 0.6);
        Files.writeString(root.resolve("nb201-darts/model/results.json"), "{\"test_top1\": 0.64}");
        JsonNode darts = entry("nb201-darts");
        assertThat(darts.get("kind").asText()).isEqualTo("search");
        assertThat(darts.get("method").asText()).isEqualTo("darts");
        assertThat(darts.get("space").asText()).isEqualTo("nb201");
        assertThat(darts.get("seed").asInt()).isEqualTo(3);
        assertThat(darts.at("/progress/done").asInt()).isEqualTo(3);
        assertThat(darts.at("/progress/total").asInt()).isEqualTo(4);
        assertThat(darts.at("/progress/fraction").asDouble()).isEqualTo(0.75);
        assertThat(darts.get("best_accuracy").asDouble()).isEqualTo(0.45);
        assertThat(darts.get("skipped_lines").asInt()).isZero();
        assertThat(entry("spos").get("kind").asText()).isEqualTo("sampling");
        JsonNode model = entry("nb201-darts/model");
        assertThat(model.get("kind").asText()).isEqualTo("train");
        assertThat(model.get("method").isNull()).isTrue();
        assertThat(model.get("state").asText()).isEqualTo("finished");
        assertThat(model.get("best_accuracy").asDouble()).isEqualTo(0.64);
        assertThat(model.get("accuracy_source").asText()).isEqualTo("test_top1");
    }

    @Test
    void statesFollowFinalFilesFailureMarkersAndQuietTime() throws IOException {
        Path finished = RunFolders.search(root.resolve("finished"), "darts", 1, 0.3);
        Files.writeString(finished.resolve("summary.json"), "{}");
        RunFolders.touchAll(finished, NOW.minus(Duration.ofDays(2)));
        Path running = RunFolders.search(root.resolve("running"), "darts", 3, 0.3);
        RunFolders.touchAll(running, NOW.minus(Duration.ofMinutes(9)));
        Path stale = RunFolders.search(root.resolve("stale"), "darts", 3, 0.3);
        RunFolders.touchAll(stale, NOW.minus(Duration.ofMinutes(11)));
        Path failed = RunFolders.search(root.resolve("failed"), "darts", 3, 0.3);
        RunFailure.record(failed, new IllegalStateException("loss is NaN"));
        RunFolders.touchAll(failed, NOW.minus(Duration.ofMinutes(1)));
        Files.setLastModifiedTime(failed.resolve("metrics.jsonl"), FileTime.from(NOW.minus(Duration.ofMinutes(2))));
        // a marker older than the lines after it: left by an attempt before the run was resumed
        Path resumed = RunFolders.search(root.resolve("resumed"), "darts", 3, 0.3);
        RunFailure.record(resumed, new IllegalStateException("old"));
        RunFolders.touchAll(resumed, NOW.minus(Duration.ofMinutes(30)));
        Files.setLastModifiedTime(resumed.resolve("metrics.jsonl"), FileTime.from(NOW.minus(Duration.ofMinutes(1))));

        assertThat(entry("finished").get("state").asText()).isEqualTo("finished");
        assertThat(entry("running").get("state").asText()).isEqualTo("running");
        assertThat(entry("stale").get("state").asText()).isEqualTo("stale");
        assertThat(entry("failed").get("state").asText()).isEqualTo("failed");
        assertThat(entry("failed").get("error").asText()).isEqualTo("loss is NaN");
        assertThat(entry("resumed").get("state").asText()).isEqualTo("running");
        assertThat(entry("stale").get("last_update").asText()).isEqualTo(NOW.minus(Duration.ofMinutes(11)).toString());
        // a longer window makes the same quiet run a running one
        assertThat(RunState.of(stale, RunKind.SEARCH, NOW, Duration.ofMinutes(12))).isEqualTo(RunState.RUNNING);
    }

    @Test
    void aCheckpointWrittenRecentlyKeepsARunRunning() throws IOException {
        Path run = RunFolders.search(root.resolve("r"), "darts", 3, 0.3);
        RunFolders.touchAll(run, NOW.minus(Duration.ofHours(1)));
        Files.writeString(run.resolve("checkpoints/LATEST"), "epoch-0002");
        Files.setLastModifiedTime(run.resolve("checkpoints/LATEST"), FileTime.from(NOW.minus(Duration.ofMinutes(1))));
        assertThat(RunState.of(run, RunKind.SEARCH, NOW, RunState.DEFAULT_STALE_AFTER)).isEqualTo(RunState.RUNNING);
    }

    @Test
    void damagedFilesAreSkippedAndCountedNeverThrown() throws IOException {
        Path run = RunFolders.search(root.resolve("damaged"), "darts", 5, 0.3);
        RunFolders.append(run.resolve("metrics.jsonl"), "{\"type\":\"epoch\",\"epo\n"); // a line a crash cut short
        RunFolders.appendEpoch(run, 2, 0.4);
        RunFolders.append(run.resolve("metrics.jsonl"), "[1, 2]\n{\"type\":\"epoch\",\"epoch\":3,\"val_acc\":0.9"); // half-written
        Path broken = RunFolders.search(root.resolve("broken-config"), "darts", 5, 0.3);
        Files.writeString(broken.resolve("config.json"), "{\"method\": ");
        Path binary = RunFolders.search(root.resolve("binary"), "darts", 5);
        Files.write(binary.resolve("metrics.jsonl"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n', '{', '\n'});

        JsonNode damaged = entry("damaged");
        assertThat(damaged.get("skipped_lines").asInt()).isEqualTo(3);
        assertThat(damaged.at("/progress/done").asInt()).isEqualTo(2);
        assertThat(damaged.get("best_accuracy").asDouble()).isEqualTo(0.4);
        JsonNode unknown = entry("broken-config");
        assertThat(unknown.get("kind").asText()).isEqualTo("unknown");
        assertThat(unknown.at("/progress/total").isNull()).isTrue();
        assertThat(entry("binary").get("skipped_lines").asInt()).isEqualTo(2);
        assertThat(entry("binary").get("best_accuracy").isNull()).isTrue();
    }
}
