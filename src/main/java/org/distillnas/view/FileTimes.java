package org.distillnas.view;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Modification times of a run's files, where a missing file (not written yet, or removed while it
 * was being looked at) is no time rather than an error.
 */
final class FileTimes {
    private FileTimes() {}

    /** When {@code file} last changed, or {@code null} when it does not exist. */
    static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    /** The latest of the files' times, or {@code null} when none exists. */
    static Instant latest(Path... files) {
        Instant latest = null;
        for (Path f : files) {
            latest = later(latest, modified(f));
        }
        return latest;
    }

    /**
     * When a folder or one of its direct entries last changed: a checkpoint folder's own time moves
     * when a checkpoint is added or renamed into place, its files' when they are rewritten.
     */
    static Instant folder(Path dir) {
        Instant latest = modified(dir);
        if (latest == null || !Files.isDirectory(dir)) {
            return latest;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                latest = later(latest, modified(entry));
            }
        } catch (IOException | RuntimeException e) {
            // a checkpoint being replaced while listed: the folder's own time still counts
        }
        return latest;
    }

    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
