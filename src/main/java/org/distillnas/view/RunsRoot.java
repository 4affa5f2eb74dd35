package org.distillnas.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The folder of runs the dashboard may show, and the one check that keeps every lookup inside it:
 * a path is resolved through the file system's links ({@link Path#toRealPath}) and taken only when
 * the result lies under the root's own real path. Links between places inside the root work; a
 * link leading out of it is treated as absent.
 */
public final class RunsRoot {
    private final Path root;

    public RunsRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path path() {
        return root;
    }

    /** The root's real path, or empty when the folder is gone. */
    public Optional<Path> real() {
        try {
            return Optional.of(root.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The existing file or folder that {@code segments} name below the root, as a real path inside
     * the root; empty when it does not exist or lies outside. The segments must already be plain
     * names (no separators, no {@code .} or {@code ..}): this is the second line of defence.
     */
    public Optional<Path> resolve(List<String> segments) {
        Optional<Path> base = real();
        if (base.isEmpty()) {
            return Optional.empty();
        }
        Path candidate = base.get();
        for (String s : segments) {
            candidate = candidate.resolve(s);
        }
        return inside(candidate);
    }

    /** {@code path}'s real path when it exists inside the root. */
    public Optional<Path> inside(Path path) {
        Optional<Path> base = real();
        if (base.isEmpty() || !Files.exists(path)) {
            return Optional.empty();
        }
        try {
            Path real = path.toRealPath();
            return real.startsWith(base.get()) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
