package org.distillnas.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What the report and the dashboard show of run folders, as JSON for the page code
 * ({@code report.js}). Reads folders of runs that are still going: missing files are missing
 * parts of the view, and damaged JSONL lines are skipped and counted in {@code warnings}.
 */
public final class RunViews {
    private RunViews() {}

    /**
     * The view of one run folder, {@code {"type":"run", id, title, kind, method, space, seed, config,
     * summary, metrics, progress, alphas?, genotype?, gap?, measured_sharpness?, retrained?, evolve?,
     * warnings, theme}}.
     */
    public static ObjectNode run(Path dir) {
        return RunView.of(dir, Instant.now(), RunState.DEFAULT_STALE_AFTER);
    }

    /** The same, with the state judged as a {@link RunListing} judges it, so a run's page and the list agree. */
    public static ObjectNode run(Path dir, RunListing listing) {
        return RunView.of(dir, listing.now(), listing.staleAfter());
    }

    /**
     * The view of several run folders side by side, {@code {"type":"compare", title, runs, family,
     * tables? | table_note, groups?, warnings, theme}}.
     */
    public static ObjectNode compare(List<Path> dirs) {
        return CompareView.of(dirs);
    }
}
