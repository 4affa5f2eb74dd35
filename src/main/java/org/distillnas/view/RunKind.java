package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import org.distillnas.strategy.Methods;

/**
 * What a run folder holds, told from its {@code config.json}: a differentiable search (the DARTS
 * family), a sampling supernet's training (spos, sandwich, alphanet, cream), or the training of one
 * architecture (a model folder, whose configuration names no method). Each writes a different file
 * when it is done.
 */
public enum RunKind {
    SEARCH("search", "summary.json"),
    SAMPLING("sampling", "summary.json"),
    TRAIN("train", "results.json"),
    /** A folder whose configuration cannot be read (yet): either final file counts. */
    UNKNOWN("unknown", null);

    private final String label;
    private final String finalFile;

    RunKind(String label, String finalFile) {
        this.label = label;
        this.finalFile = finalFile;
    }

    /** The kind of the run configured by {@code config}; {@code null} (unreadable) is {@link #UNKNOWN}. */
    public static RunKind of(JsonNode config) {
        if (config == null || !config.isObject()) {
            return UNKNOWN;
        }
        JsonNode method = config.get("method");
        if (method == null || method.isNull()) {
            return TRAIN;
        }
        try {
            return Methods.isSampling(method.asText()) ? SAMPLING : SEARCH;
        } catch (RuntimeException unknownMethod) {
            // a method of a newer version, or a hand-edited file: still a search with a method
            return SEARCH;
        }
    }

    /** The name the dashboard shows. */
    public String label() {
        return label;
    }

    /** Whether {@code dir} holds the file this kind of run writes last, when it has finished. */
    public boolean finished(java.nio.file.Path dir) {
        return finalFileTime(dir) != null;
    }

    /** When the final file was written, or {@code null} when there is none. */
    java.time.Instant finalFileTime(java.nio.file.Path dir) {
        if (finalFile != null) {
            return FileTimes.modified(dir.resolve(finalFile));
        }
        return FileTimes.latest(dir.resolve(SEARCH.finalFile), dir.resolve(TRAIN.finalFile));
    }
}
