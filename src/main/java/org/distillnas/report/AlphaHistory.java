package org.distillnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.distillnas.util.BadInputException;

/**
 * The architecture weights of a search over time, as read from {@code alphas.jsonl}: for each cell,
 * each edge and each op on that edge, the op's probability at each logged epoch.
 *
 * <p>Cells, edges and ops keep the order in which the log first lists them, which is the space's
 * own order. Ops are kept per edge because some spaces (RobustDARTS S1) give each edge its own
 * candidate set.
 */
final class AlphaHistory {

    /** One op's probability over epochs; both lists have the same length. */
    record Series(List<Double> epochs, List<Double> probs) {}

    /** cell name -> edge name -> op name -> series. */
    private final Map<String, Map<String, Map<String, Series>>> cells = new LinkedHashMap<>();

    private AlphaHistory() {}

    Map<String, Map<String, Map<String, Series>>> cells() {
        return cells;
    }

    /** Reads {@code file}; one record per epoch, a later record for the same epoch replaces an earlier one. */
    static AlphaHistory read(Path file) {
        // Keyed by epoch so the x values come out sorted and a repeated epoch (a resumed run whose
        // log was not truncated) is plotted once, with its latest values.
        TreeMap<Integer, JsonlWriter.Line> byEpoch = new TreeMap<>();
        for (JsonlWriter.Line line : JsonlWriter.readLines(file)) {
            byEpoch.put(epochOf(line, file), line);
        }
        if (byEpoch.isEmpty()) {
            throw new BadInputException(file + ": no records, expected one line per epoch with \"epoch\" and \"cells\"");
        }
        AlphaHistory history = new AlphaHistory();
        byEpoch.forEach((epoch, line) -> history.add(epoch, line, file));
        return history;
    }

    private void add(int epoch, JsonlWriter.Line line, Path file) {
        String where = file + " line " + line.number();
        JsonNode cellsNode = line.record().get("cells");
        if (cellsNode == null || !cellsNode.isObject() || cellsNode.isEmpty()) {
            throw new BadInputException(where + ": missing \"cells\", expected an object like {\"normal\": [...]}");
        }
        for (Map.Entry<String, JsonNode> cell : cellsNode.properties()) {
            if (!cell.getValue().isArray()) {
                throw new BadInputException(where + ": cells." + cell.getKey() + " must be a list of edges");
            }
            Map<String, Map<String, Series>> edges = cells.computeIfAbsent(cell.getKey(), k -> new LinkedHashMap<>());
            int i = 0;
            for (JsonNode edge : cell.getValue()) {
                addEdge(edges, epoch, edge, where + ": cells." + cell.getKey() + "[" + i++ + "]");
            }
        }
    }

    private static void addEdge(Map<String, Map<String, Series>> edges, int epoch, JsonNode edge, String where) {
        JsonNode name = edge.get("edge");
        JsonNode ops = edge.get("ops");
        JsonNode probs = edge.get("probs");
        if (name == null || !name.isTextual() || ops == null || !ops.isArray() || probs == null || !probs.isArray()) {
            throw new BadInputException(where + " is " + abbreviate(edge)
                    + ", expected {\"edge\": \"0->2\", \"ops\": [...], \"probs\": [...]}");
        }
        if (ops.size() != probs.size()) {
            throw new BadInputException(where + " (edge " + name.asText() + ") has " + ops.size() + " ops but "
                    + probs.size() + " probs, expected one prob per op");
        }
        Map<String, Series> series = edges.computeIfAbsent(name.asText(), k -> new LinkedHashMap<>());
        for (int j = 0; j < ops.size(); j++) {
            if (!ops.get(j).isTextual() || !probs.get(j).isNumber()) {
                throw new BadInputException(where + " (edge " + name.asText() + ") entry " + j + " is op "
                        + ops.get(j) + " with prob " + probs.get(j) + ", expected an op name and a number");
            }
            Series s = series.computeIfAbsent(ops.get(j).asText(), k -> new Series(new ArrayList<>(), new ArrayList<>()));
            s.epochs().add((double) epoch);
            s.probs().add(probs.get(j).asDouble());
        }
    }

    private static int epochOf(JsonlWriter.Line line, Path file) {
        JsonNode epoch = line.record().get("epoch");
        if (epoch == null || !epoch.canConvertToInt() || !epoch.isIntegralNumber()) {
            throw new BadInputException(file + " line " + line.number() + ": \"epoch\" is " + epoch
                    + ", expected an integer");
        }
        return epoch.intValue();
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
