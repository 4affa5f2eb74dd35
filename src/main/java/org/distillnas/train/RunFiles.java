package org.distillnas.train;

import java.nio.file.Path;

/** The files of a run folder, named in one place. */
public record RunFiles(Path dir) {
    public Path config() {
        return dir.resolve("config.json");
    }

    public Path metrics() {
        return dir.resolve("metrics.jsonl");
    }

    public Path alphas() {
        return dir.resolve("alphas.jsonl");
    }

    public Path genotype() {
        return dir.resolve("genotype.json");
    }

    public Path summary() {
        return dir.resolve("summary.json");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path curvesPlot() {
        return dir.resolve("curves.png");
    }
}
