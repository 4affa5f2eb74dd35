package org.distillnas.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;
import org.distillnas.util.AtomicFiles;

/**
 * The {@code failed.json} marker of a run folder whose command ended with an error.
 *
 * <p>A killed run and a crashed one look alike on disk (files that stopped changing), yet only the
 * first is worth resuming as it is; the dashboard tells them apart by this marker. It is written
 * only into a folder that the failing command owns (a new run it created, or the run it resumed),
 * never into one that a command refused to touch, and a run that starts again removes it.
 */
public final class RunFailure {
    /** The marker's file name in the run folder. */
    public static final String FILE_NAME = "failed.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFailure() {}

    /**
     * Runs {@code body}, the work of a run folder; a failure with the folder's {@code config.json}
     * in place leaves the marker behind and is rethrown as it was.
     *
     * @param resume whether {@code body} continues the run already in {@code dir}; a new run owns the
     *     folder only while it holds no run yet (a second run into it is refused, and that refusal
     *     must not mark the first run as failed)
     */
    public static <T> T watch(Path dir, boolean resume, Supplier<T> body) {
        boolean owned = resume || !Files.exists(dir.resolve("config.json"));
        if (owned) {
            clear(dir);
        }
        try {
            return body.get();
        } catch (RuntimeException | Error e) {
            if (owned && Files.isRegularFile(dir.resolve("config.json"))) {
                try {
                    record(dir, e);
                } catch (RuntimeException markerError) {
                    e.addSuppressed(markerError); // the run's own error is the one to report
                }
            }
            throw e;
        }
    }

    /** Writes the marker: the error's message and the time, atomically. */
    public static void record(Path dir, Throwable error) {
        ObjectNode marker = JSON.createObjectNode();
        String message = error.getMessage();
        marker.put("error", message == null || message.isBlank() ? error.getClass().getSimpleName() : message);
        marker.put("exception", error.getClass().getName());
        marker.put("time", Instant.now().toString());
        try {
            AtomicFiles.writeString(dir.resolve(FILE_NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(marker));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes a marker left by an earlier attempt of the run. */
    public static void clear(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }
}
