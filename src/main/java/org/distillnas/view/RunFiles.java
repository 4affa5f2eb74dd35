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

    /** The file's JSON; null, with a warning, when it is missing or damaged. */
    static JsonNode json(Path file, List<String> warnings) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return jsonIfPresent(file, warnings);
    }

    /** The file's JSON; null when it is missing (no warning), null with a warning when damaged. */
    static JsonNode jsonIfPresent(Path file, List<String> warnings) {
        try {
            return JSON.readTree(file.toFile());
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // The writers replace files atomically, so a damaged file is not a race: say so.
            warnings.add(file.getFileName() + " is not valid JSON: left out");
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
