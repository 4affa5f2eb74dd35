package org.distillnas.train;

import java.nio.file.Path;

/** The files of a model folder: a run folder plus the exported weights and the results. */
public record ModelFiles(Path dir) {
    public RunFiles run() {
        return new RunFiles(dir);
    }

    /** Every parameter and buffer, safetensors format, under the module tree's dotted names. */
    public Path weights() {
        return dir.resolve("model.safetensors");
    }

    public Path results() {
        return dir.resolve("results.json");
    }
}
