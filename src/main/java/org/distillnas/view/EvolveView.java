package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What {@code distillnas evolve} found in a sampling search ({@code RUN_DIR/evolve}): every subnet
 * it evaluated, the Pareto front of accuracy against multiply-adds per search method (evolution,
 * random), and the subnet it chose under each budget, with its retrained accuracy when the subnet
 * was retrained into {@code best-<B>M-model}.
 */
final class EvolveView {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final CsvMapper CSV = new CsvMapper();

    private EvolveView() {}

    /** Null when the run has no evolution (yet); problems reading it go to {@code warnings}. */
    static ObjectNode of(Path dir, List<String> warnings) {
        Path evolve = dir.resolve("evolve");
        if (!Files.isDirectory(evolve)) {
            return null;
        }
        ObjectNode view = NODES.objectNode();
        JsonNode summary = RunFiles.json(evolve.resolve("summary.json"), warnings);
        view.put("status", summary == null ? "starting" : summary.path("status").asText("?"));
        if (summary != null && summary.path("budgets_m").isArray()) {
            view.set("budgets_m", summary.path("budgets_m"));
        }
        JsonlLines evaluations = JsonlLines.read(evolve.resolve("evaluations.jsonl"));
        RunFiles.warnSkipped("evolve/evaluations.jsonl", evaluations, warnings);
        ArrayNode points = view.putArray("evaluated");
        for (JsonNode e : evaluations.records()) {
            if (e.path("macs").isNumber() && e.path("accuracy").isNumber()) {
                points.add(point(e.path("method").asText("?"), e));
            }
        }
        view.set("fronts", fronts(evolve.resolve("pareto.csv"), warnings));
        ArrayNode chosen = view.putArray("chosen");
        if (summary != null) {
            for (Map.Entry<String, JsonNode> method : iterable(summary.path("results"))) {
                for (JsonNode r : method.getValue()) {
                    if (!r.path("subnet").isTextual()) {
                        continue;
                    }
                    ObjectNode c = point(method.getKey(), r);
                    c.put("budget_m", r.path("budget_m").asDouble());
                    String file = r.path("file").asText("");
                    Path model = evolve.resolve(file.replaceFirst("\\.json$", "-model")).resolve("results.json");
                    JsonNode results = file.isEmpty() ? null : RunFiles.json(model, warnings);
                    if (results != null && results.path("test_top1").isNumber()) {
                        c.put("retrained_test_top1", results.path("test_top1").asDouble());
                    }
                    chosen.add(c);
                }
            }
        }
        return view;
    }

    /** Per method, the bucket bests on the front (pareto.csv's {@code on_front}), by increasing cost. */
    private static ArrayNode fronts(Path csv, List<String> warnings) {
        ArrayNode fronts = NODES.arrayNode();
        if (!Files.isRegularFile(csv)) {
            return fronts;
        }
        Map<String, List<ObjectNode>> byMethod = new java.util.LinkedHashMap<>();
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                if ("bucket".equals(row.get("kind")) && "true".equals(row.get("on_front"))) {
                    ObjectNode p = NODES.objectNode();
                    p.put("macs", Double.parseDouble(row.get("macs")));
                    p.put("accuracy", Double.parseDouble(row.get("accuracy")));
                    p.put("subnet", row.getOrDefault("subnet", ""));
                    byMethod.computeIfAbsent(row.getOrDefault("method", "?"), k -> new ArrayList<>()).add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            warnings.add("evolve/pareto.csv is unreadable (" + e.getMessage() + "): no fronts shown");
            return fronts;
        }
        byMethod.forEach((method, ps) -> {
            ps.sort(Comparator.comparingDouble(p -> p.path("macs").asDouble()));
            ObjectNode f = fronts.addObject();
            f.put("method", method);
            f.putArray("points").addAll(ps);
        });
        return fronts;
    }

    private static ObjectNode point(String method, JsonNode r) {
        ObjectNode p = NODES.objectNode();
        p.put("method", method);
        p.put("macs", r.path("macs").asDouble());
        p.put("accuracy", r.path("accuracy").asDouble());
        if (r.path("params").isNumber()) {
            p.put("params", r.path("params").asLong());
        }
        p.put("subnet", r.path("subnet").asText(""));
        return p;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }
}
