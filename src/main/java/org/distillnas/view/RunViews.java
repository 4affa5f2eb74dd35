package org.distillnas.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * What the report and the dashboard show of run folders, as JSON for the page code
 * ({@code report.js}). Reads folders of runs that are still going: missing files are missing
 * views, and damaged JSONL lines are skipped and counted in {@code warnings}.
 */
public final class RunViews {
    private RunViews() {}

    /** The view of one run folder: {@code {"type":"run", ...}}. */
    public static ObjectNode run(Path dir) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The view of several run folders side by side: {@code {"type":"compare", ...}}. */
    public static ObjectNode compare(List<Path> dirs) {
        throw new UnsupportedOperationException("not yet");
    }
}
