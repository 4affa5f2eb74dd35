package org.distillnas.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code compare}'s Markdown (tables and the sentences between them) as blocks the page shows as
 * HTML tables and paragraphs, so the report shows exactly the table {@code compare} prints. Only
 * what those reports write is understood: pipe tables, {@code **bold**}, {@code `code`}, and
 * {@code \|} inside a cell; image lines are dropped (the page draws its own charts).
 */
final class MarkdownBlocks {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MarkdownBlocks() {}

    /** {@code [{kind:"table", header:[..], rows:[[..]]} | {kind:"text", text}]}. */
    static ArrayNode of(String markdown) {
        ArrayNode blocks = NODES.arrayNode();
        List<String> table = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("|")) {
                flushText(blocks, text);
                table.add(l);
                continue;
            }
            flushTable(blocks, table);
            if (l.isEmpty() || l.startsWith("![")) {
                flushText(blocks, text);
            } else {
                text.append(text.length() == 0 ? "" : " ").append(plain(l));
            }
        }
        flushTable(blocks, table);
        flushText(blocks, text);
        return blocks;
    }

    private static void flushText(ArrayNode blocks, StringBuilder text) {
        if (text.length() > 0) {
            ObjectNode b = blocks.addObject();
            b.put("kind", "text");
            b.put("text", text.toString());
            text.setLength(0);
        }
    }

    private static void flushTable(ArrayNode blocks, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        ObjectNode b = blocks.addObject();
        b.put("kind", "table");
        ArrayNode header = b.putArray("header");
        cells(lines.get(0)).forEach(header::add);
        ArrayNode rows = b.putArray("rows");
        // line 1 is the |---|---:| rule
        for (int i = 2; i < lines.size(); i++) {
            ArrayNode row = rows.addArray();
            cells(lines.get(i)).forEach(row::add);
        }
        lines.clear();
    }

    /** The cells of one table line, split at the pipes that are not escaped. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String body = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(plain(cell.toString().strip()));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(plain(cell.toString().strip()));
        return cells;
    }

    private static String plain(String s) {
        return s.replace("**", "").replace("`", "");
    }
}
