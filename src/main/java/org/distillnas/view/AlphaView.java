package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The architecture weights over time, for the heat maps: per cell and edge, each op's probability
 * at each logged epoch ({@code alphas.jsonl}).
 */
final class AlphaView {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AlphaView() {}

    /**
     * {@code [{cell, epochs:[..], edges:[{edge, ops:[..], probs:[[p per op] per epoch]}]}]}; an edge
     * missing from an epoch's line gets nulls there.
     */
    static ArrayNode of(List<JsonNode> records) {
        TreeMap<Integer, JsonNode> byEpoch = new TreeMap<>();
        for (JsonNode r : records) {
            if (r.path("epoch").canConvertToInt() && r.path("cells").isObject()) {
                byEpoch.put(r.path("epoch").asInt(), r.path("cells"));
            }
        }
        // cell -> edge -> ops, in the order first seen
        Map<String, Map<String, List<String>>> layout = new LinkedHashMap<>();
        for (JsonNode cells : byEpoch.values()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = cells.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> cell = it.next();
                Map<String, List<String>> edges = layout.computeIfAbsent(cell.getKey(), k -> new LinkedHashMap<>());
                for (JsonNode edge : cell.getValue()) {
                    List<String> ops = new ArrayList<>();
                    edge.path("ops").forEach(o -> ops.add(o.asText()));
                    edges.putIfAbsent(edge.path("edge").asText("?"), ops);
                }
            }
        }
        ArrayNode view = NODES.arrayNode();
        layout.forEach((cellName, edges) -> {
            ObjectNode cell = view.addObject();
            cell.put("cell", cellName);
            ArrayNode epochs = cell.putArray("epochs");
            byEpoch.keySet().forEach(epochs::add);
            ArrayNode edgeViews = cell.putArray("edges");
            edges.forEach((edgeName, ops) -> {
                ObjectNode e = edgeViews.addObject();
                e.put("edge", edgeName);
                ArrayNode opNames = e.putArray("ops");
                ops.forEach(opNames::add);
                ArrayNode probs = e.putArray("probs");
                for (JsonNode cells : byEpoch.values()) {
                    JsonNode found = find(cells.path(cellName), edgeName);
                    ArrayNode row = probs.addArray();
                    for (int i = 0; i < ops.size(); i++) {
                        MetricsView.addNumber(row, found == null ? null : found.path("probs").get(i));
                    }
                }
            });
        });
        return view;
    }

    private static JsonNode find(JsonNode edges, String name) {
        for (JsonNode e : edges) {
            if (name.equals(e.path("edge").asText())) {
                return e;
            }
        }
        return null;
    }
}
