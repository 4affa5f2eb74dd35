package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.distillnas.run.RunFailure;

/**
 * One run's line in the dashboard's list, as JSON: what it is (kind, method, space, seed), where it
 * stands (state, epochs done of planned) and how good it is so far (best accuracy).
 *
 * <p>Reads files that a live run is writing, so every read is tolerant: an unreadable
 * {@code config.json} leaves the fields it would give empty, damaged metrics lines are skipped and
 * counted ({@code skipped_lines}), and nothing here throws on content.
 */
final class RunEntry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunEntry() {}

    static ObjectNode of(String id, Path dir, Instant now, Duration staleAfter) {
        JsonNode config = RunFiles.object(dir.resolve("config.json"));
        RunKind kind = RunKind.of(config);
        JsonlLines metrics = JsonlLines.read(dir.resolve("metrics.jsonl"));
        RunState state = RunState.of(dir, kind, now, staleAfter);

        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("kind", kind.label());
        e.set("method", text(config, "method"));
        e.set("space", text(config, "space"));
        e.set("dataset", text(config, "dataset"));
        e.set("seed", config != null && config.path("seed").isNumber() ? config.get("seed") : null);
        e.put("state", state.label());
        e.set("progress", progress(metrics, config));
        accuracy(e, kind, dir, metrics);
        Instant updated = lastUpdate(dir, kind);
        e.put("last_update", updated == null ? null : updated.toString());
        e.put("skipped_lines", metrics.skipped());
        if (state == RunState.FAILED) {
            JsonNode marker = RunFiles.object(dir.resolve(RunFailure.FILE_NAME));
            e.set("error", text(marker, "error"));
        }
        return e;
    }

    /** Epochs done (the last epoch line's number) of the configured epochs. */
    private static ObjectNode progress(JsonlLines metrics, JsonNode config) {
        int done = 0;
        for (JsonNode r : metrics.records()) {
            if (isEpoch(r) && r.path("epoch").canConvertToInt()) {
                done = r.get("epoch").asInt();
            }
        }
        ObjectNode p = JSON.createObjectNode();
        p.put("done", done);
        JsonNode total = config == null ? null : config.get("epochs");
        if (total != null && total.canConvertToInt() && total.asInt() > 0) {
            p.put("total", total.asInt());
            p.put("fraction", Math.min(1.0, Math.max(0.0, done / (double) total.asInt())));
        } else {
            p.putNull("total");
            p.putNull("fraction");
        }
        return p;
    }

    /**
     * The best validation accuracy over the epochs; for a trained model its test accuracy when
     * {@code results.json} has it, which is the number a model is judged by.
     */
    private static void accuracy(ObjectNode e, RunKind kind, Path dir, JsonlLines metrics) {
        if (kind == RunKind.TRAIN) {
            JsonNode test = RunFiles.object(dir.resolve("results.json"));
            if (test != null && test.path("test_top1").isNumber()) {
                e.put("best_accuracy", test.get("test_top1").asDouble());
                e.put("accuracy_source", "test_top1");
                return;
            }
        }
        double best = MetricsView.bestValAcc(metrics.records());
        e.put("best_accuracy", Double.isNaN(best) ? null : best);
        e.put("accuracy_source", Double.isNaN(best) ? null : "val_acc");
    }

    private static Instant lastUpdate(Path dir, RunKind kind) {
        Instant files = FileTimes.latest(dir.resolve("config.json"), dir.resolve(RunFailure.FILE_NAME));
        return FileTimes.later(FileTimes.later(files, RunState.lastActivity(dir)), kind.finalFileTime(dir));
    }

    private static boolean isEpoch(JsonNode record) {
        return "epoch".equals(record.path("type").asText());
    }

    private static JsonNode text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v : null;
    }
}
