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

    /**
     * Reads {@code config.json} as {@code type}; a missing or corrupt file is a one-line user error
     * beginning with {@code context} and naming the kind of folder expected.
     */
    public <T> T readConfig(Class<T> type, String context, String folderKind) {
        Path file = config();
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new org.distillnas.util.BadInputException(context + ": " + file.getFileName()
                    + " is missing (is it a " + folderKind + " folder?)");
        }
        return ConfigJson.read(file, type, context);
    }

    public Path curvesPlot() {
        return dir.resolve("curves.png");
    }
}
