package org.distillnas.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts a {@code @TempDir} in memory ({@code /dev/shm}) where the machine has one. Mutation runs
 * create and delete thousands of small files; on a disk that discards freed blocks that costs more
 * than reading them. Elsewhere the default temporary folder is used.
 */
public final class MemoryTempDir implements TempDirFactory {
    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return Files.createTempDirectory(SHM, "mutation-");
        }
        return Files.createTempDirectory("mutation-");
    }
}
