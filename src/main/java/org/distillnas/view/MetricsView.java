package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The curves of a run's {@code metrics.jsonl}: every numeric field of the epoch lines as a series
 * over the epochs, the step lines' loss and accuracy, and the sharpness where it was tracked.
 *
 * <p>A resumed run may log an epoch twice (once before a kill, once after); the later line wins,
 * as it is the one the run continued from.
 */
final class MetricsView {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Fields that are not curves: the x axis, bookkeeping, and sharpness's own diagnostics. */
    private static final Set<String> NOT_SERIES = Set.of("epoch", "step", "seconds", "sharpness",
            "sharpness_iterations", "sharpness_asymmetry", "sharpness_radius", "skipped_steps");

    private MetricsView() {}

    /** {@code {epoch:[..], series:{name:[..]}, steps:{step,loss,acc}, sharpness:{epoch,value}, genotypes:[..]}}. */
    static ObjectNode of(List<JsonNode> records) {
        TreeMap<Integer, JsonNode> epochs = new TreeMap<>();
        TreeMap<Long, JsonNode> steps = new TreeMap<>();
        for (JsonNode r : records) {
            String type = r.path("type").asText("");
            if (type.equals("epoch") && r.path("epoch").canConvertToInt()) {
                epochs.put(r.path("epoch").asInt(), r);
            } else if (type.equals("step") && r.path("step").canConvertToLong()) {
                steps.put(r.path("step").asLong(), r);
            }
        }
        ObjectNode view = NODES.objectNode();
        ArrayNode x = view.putArray("epoch");
        epochs.keySet().forEach(x::add);
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode e : epochs.values()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isNumber() && !NOT_SERIES.contains(f.getKey())) {
                    names.add(f.getKey());
                }
            }
        }
        ObjectNode series = view.putObject("series");
        for (String name : names) {
            ArrayNode values = series.putArray(name);
            epochs.values().forEach(e -> addNumber(values, e.get(name)));
        }
        ObjectNode s = view.putObject("steps");
        ArrayNode step = s.putArray("step");
        ArrayNode loss = s.putArray("loss");
        ArrayNode acc = s.putArray("acc");
        steps.forEach((k, r) -> {
            step.add(k);
            addNumber(loss, r.get("loss"));
            addNumber(acc, r.get("acc"));
        });
        ObjectNode sharp = view.putObject("sharpness");
        ArrayNode sx = sharp.putArray("epoch");
        ArrayNode sv = sharp.putArray("value");
        epochs.forEach((k, e) -> {
            // Lines without a solver come from a version whose estimate was noise (see RunRecord).
            if (e.path("sharpness").isNumber() && e.has("sharpness_solver")) {
                sx.add(k);
                sv.add(e.path("sharpness").asDouble());
            }
        });
        ArrayNode genotypes = view.putArray("genotypes");
        epochs.values().forEach(e -> genotypes.add(e.path("genotype").isTextual() ? e.path("genotype").asText() : null));
        return view;
    }

    /** The largest finite {@code val_acc} of the epoch lines, NaN without one (the runs list's best accuracy). */
    static double bestValAcc(List<JsonNode> records) {
        double best = Double.NaN;
        for (JsonNode r : records) {
            if ("epoch".equals(r.path("type").asText()) && r.path("val_acc").isNumber()
                    && Double.isFinite(r.path("val_acc").asDouble())) {
                double v = r.path("val_acc").asDouble();
                best = Double.isNaN(best) ? v : Math.max(best, v);
            }
        }
        return best;
    }

    /** Non-finite numbers become null: JSON has no NaN, and the charts leave a gap there. */
    static void addNumber(ArrayNode into, JsonNode value) {
        if (value != null && value.isNumber() && Double.isFinite(value.asDouble())) {
            into.add(value.asDouble());
        } else {
            into.addNull();
        }
    }
}
