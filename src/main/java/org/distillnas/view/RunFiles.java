package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reading the JSON files of a run folder that may be in the middle of being written. A view never
 * fails on a file: what cannot be read is left out and said in the view's warnings.
 */
final class RunFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {}

    /**
     * The file's JSON object; null, with a warning, when it exists but is damaged or not an object,
     * and null without one when it is missing (not written yet).
     */
    static JsonNode json(Path file, List<String> warnings) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode node = object(file);
        if (node == null && Files.isRegularFile(file)) {
            // The writers replace files atomically, so a damaged file is not a race: say so.
            warnings.add(file.getFileName() + " is not a valid JSON object: left out");
        }
        return node;
    }

    /** The file's JSON object, or {@code null} when it is missing, damaged or not an object. */
    static JsonNode object(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void warnSkipped(String name, JsonlLines lines, List<String> warnings) {
        if (lines.skipped() > 0) {
            warnings.add(name + ": " + lines.skipped() + (lines.skipped() == 1 ? " line" : " lines")
                    + " not (yet) complete JSON, skipped");
        }
    }
}
