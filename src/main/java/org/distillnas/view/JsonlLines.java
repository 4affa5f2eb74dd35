package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a JSONL file that a run may still be writing: every complete line that parses as a
 * JSON object, and a count of the others.
 *
 * <p>Unlike {@code JsonlWriter.readAll}, which rejects a damaged file, this never fails on content:
 * a page that shows a running search must survive the half-written last line it catches mid-append,
 * or a line a crash cut short.
 *
 * @param records the parsed objects, in file order
 * @param skipped lines that were not JSON objects (an unfinished last line counts)
 */
public record JsonlLines(List<JsonNode> records, int skipped) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Empty when the file does not exist (yet). */
    public static JsonlLines read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new JsonlLines(List.of(), 0);
        } catch (IOException e) {
            return new JsonlLines(List.of(), 1);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<JsonNode> records = new ArrayList<>();
        int skipped = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            // A last line without its newline is still being written: its content may parse yet be
            // cut short (a number losing digits), so it is not taken.
            if (end < 0) {
                skipped += text.substring(start).isBlank() ? 0 : 1;
                break;
            }
            String line = text.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node != null && node.isObject()) {
                    records.add(node);
                } else {
                    skipped++;
                }
            } catch (IOException e) {
                skipped++;
            }
        }
        return new JsonlLines(List.copyOf(records), skipped);
    }
}
