package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.report.CellDrawing;
import org.distillnas.report.ChartTheme;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Genotypes;

/**
 * The view of one run folder (a search, a sampling search with its evolution, or a model folder):
 * everything {@code report.js} draws for it. Built from whatever the folder holds right now, so it
 * also describes a run that is still going: the cell drawn is the final genotype once there is one,
 * else the current argmax genotype from the last epoch line.
 */
final class RunView {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RunView() {}

    /** The view, with the run's state as of {@code now} (quiet longer than {@code staleAfter}: stale). */
    static ObjectNode of(Path dir, Instant now, Duration staleAfter) {
        List<String> warnings = new ArrayList<>();
        ObjectNode view = basics(dir, now, staleAfter, warnings);
        String space = view.path("space").asText();
        JsonNode summary = view.get("summary");
        ObjectNode curves = (ObjectNode) view.get("metrics");

        JsonlLines alphas = JsonlLines.read(dir.resolve("alphas.jsonl"));
        RunFiles.warnSkipped("alphas.jsonl", alphas, warnings);
        if (!alphas.records().isEmpty()) {
            view.set("alphas", AlphaView.of(alphas.records()));
        }
        view.set("genotype", genotype(dir, space, curves, warnings));
        if (summary != null && summary.has("discretization_gap")) {
            ObjectNode gap = view.putObject("gap");
            gap.set("supernet_val_acc", summary.path("supernet_val_acc"));
            gap.set("discrete_val_acc", summary.path("discrete_inherited_val_acc"));
            gap.set("gap", summary.path("discretization_gap"));
        }
        JsonNode measured = RunFiles.json(dir.resolve("sharpness.json"), warnings);
        if (measured != null && measured.path("eigenvalue").isNumber()) {
            view.set("measured_sharpness", measured.path("eigenvalue"));
        }
        Path model = dir.resolve("model");
        if (Files.isDirectory(model)) {
            view.set("retrained", retrained(model, warnings));
        }
        ObjectNode evolve = EvolveView.of(dir, warnings);
        if (evolve != null) {
            view.set("evolve", evolve);
        }
        ArrayNode w = view.putArray("warnings");
        warnings.forEach(w::add);
        view.set("theme", ChartTheme.toJson());
        return view;
    }

    /**
     * What every view of a run starts with, and all a comparison needs of it: {@code type, id, kind,
     * state, method, space, seed, title, config, summary, metrics, progress}. Problems go to
     * {@code warnings}.
     */
    static ObjectNode basics(Path dir, Instant now, Duration staleAfter, List<String> warnings) {
        ObjectNode view = NODES.objectNode();
        view.put("type", "run");
        view.put("id", dir.getFileName() == null ? dir.toString() : dir.getFileName().toString());
        JsonNode config = RunFiles.json(dir.resolve("config.json"), warnings);
        if (config == null) {
            warnings.add("no config.json: not a run folder, or one that has not started");
        }
        RunKind kind = RunKind.of(config);
        view.put("kind", kind.label());
        view.put("state", RunState.of(dir, kind, now, staleAfter).label());
        String method = config == null ? "?" : config.path("method").asText(kind == RunKind.TRAIN ? "train" : "?");
        String space = config == null ? "?" : config.path("space").asText("?");
        view.put("method", method);
        view.put("space", space);
        view.put("seed", config == null ? 0 : config.path("seed").asLong());
        view.put("title", title(view.path("id").asText(), kind.label(), method, space, config));
        view.set("config", config);
        view.set("summary", RunFiles.json(dir.resolve(kind == RunKind.TRAIN ? "results.json" : "summary.json"), warnings));
        JsonlLines metrics = JsonlLines.read(dir.resolve("metrics.jsonl"));
        RunFiles.warnSkipped("metrics.jsonl", metrics, warnings);
        ObjectNode curves = MetricsView.of(metrics.records());
        view.set("metrics", curves);
        ObjectNode progress = view.putObject("progress");
        progress.put("epochs_done", curves.path("epoch").size() == 0 ? 0
                : curves.path("epoch").get(curves.path("epoch").size() - 1).asInt());
        progress.put("epochs", config == null ? 0 : config.path("epochs").asInt(0));
        return view;
    }

    private static String title(String id, String kind, String method, String space, JsonNode config) {
        String dataset = config == null ? "" : config.path("dataset").asText("");
        String what = switch (kind) {
            case "train" -> "training of a " + space + " network";
            case "sampling" -> method + " sampling search of " + space;
            default -> method + " search of " + space;
        };
        return id + ": " + what + (dataset.isEmpty() ? "" : " on " + dataset);
    }

    /** {@code {text, final, cells:[{name, svg}]}}, or null when the run has no genotype yet. */
    private static ObjectNode genotype(Path dir, String space, ObjectNode curves, List<String> warnings) {
        Genotype g = null;
        boolean isFinal = false;
        try {
            if (Files.isRegularFile(dir.resolve("genotype.json"))) {
                g = GenotypeJson.read(dir.resolve("genotype.json"));
                isFinal = true;
            } else {
                JsonNode texts = curves.path("genotypes");
                for (int i = texts.size() - 1; i >= 0 && g == null; i--) {
                    // sampling searches log a sentence about their subnets there, not a genotype
                    String text = texts.get(i).asText("");
                    if (text.startsWith("|") || text.startsWith("Genotype(")) {
                        g = Genotypes.parseAny(text, space);
                    }
                }
            }
        } catch (RuntimeException e) {
            warnings.add("the genotype cannot be read (" + e.getMessage() + "): no cell drawn");
            return null;
        }
        if (g == null) {
            return null;
        }
        ObjectNode view = NODES.objectNode();
        view.put("text", g.toString());
        view.put("final", isFinal);
        ArrayNode cells = view.putArray("cells");
        for (CellDrawing d : CellDrawing.of(g)) {
            ObjectNode c = cells.addObject();
            c.put("name", d.name());
            c.put("svg", d.svg());
        }
        return view;
    }

    /** The retrained model's results and curves ({@code RUN_DIR/model}, from {@code distillnas train}). */
    private static ObjectNode retrained(Path model, List<String> warnings) {
        ObjectNode view = NODES.objectNode();
        JsonNode results = RunFiles.json(model.resolve("results.json"), warnings);
        view.set("results", results);
        JsonlLines metrics = JsonlLines.read(model.resolve("metrics.jsonl"));
        RunFiles.warnSkipped("model/metrics.jsonl", metrics, warnings);
        view.set("metrics", MetricsView.of(metrics.records()));
        return view;
    }
}
