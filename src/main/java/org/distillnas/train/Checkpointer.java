package org.distillnas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.util.Folders;
import org.distillnas.util.Failpoints;
import org.distillnas.util.JsonErrors;

/**
 * Saves and loads checkpoints so that a killed run resumes where its last checkpoint stood.
 *
 * <p>A checkpoint is a folder {@code checkpoints/epoch-NNNN} holding {@code tensors.ndlist} (named
 * arrays in DJL's NDList encoding) and {@code state.json}. The folder is complete before the file
 * {@code checkpoints/LATEST} is atomically replaced to name it, so a kill at any moment leaves the
 * previous checkpoint in force. Older folders are deleted afterwards, keeping {@code keep} of them.
 */
public final class Checkpointer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATEST = "LATEST";
    private static final String TENSORS = "tensors.ndlist";
    private static final String STATE = "state.json";

    private final Path root;
    private final int keep;

    public Checkpointer(Path root, int keep) {
        this.root = root;
        this.keep = Math.max(1, keep);
    }

    /** A loaded checkpoint: arrays on the caller's manager and the JSON state. */
    public record Loaded(Map<String, NDArray> arrays, JsonNode state) {}

    /**
     * Writes checkpoint {@code name} and makes it the latest. When a write fails (a full disk, a
     * simulated error), the half-written folder is removed, {@code LATEST} still names the previous
     * complete checkpoint, and the exception says so in one line.
     *
     * @throws CheckpointWriteException if any part of the checkpoint cannot be written
     */
    public void save(String name, Map<String, NDArray> arrays, JsonNode state) {
        Path dir = root.resolve(name);
        NDList list = new NDList();
        arrays.forEach((key, a) -> {
            NDArray copy = a.duplicate();
            copy.setName(key);
            list.add(copy);
        });
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(TENSORS), out -> list.encode(new FailpointStream(out)));
            Failpoints.pass(Failpoints.CHECKPOINT_STATE);
            AtomicFiles.writeString(dir.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
            Failpoints.pass(Failpoints.CHECKPOINT_LATEST);
            AtomicFiles.writeString(root.resolve(LATEST), name + "\n");
        } catch (IOException | UncheckedIOException e) {
            String previous = exists() ? latestName() : null;
            if (!name.equals(previous)) {
                deleteQuietly(dir);
            }
            String cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage()
                    : e.getMessage();
            throw new CheckpointWriteException("cannot write checkpoint " + dir + " (" + cause + "); "
                    + (previous == null ? "no earlier checkpoint exists, the run starts over when resumed"
                            : "the previous checkpoint " + previous + " is intact and resuming continues from it"), e);
        } finally {
            list.close();
        }
        prune(name);
    }

    /** A checkpoint that could not be written; the previous one is intact. */
    public static final class CheckpointWriteException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        CheckpointWriteException(String message, Exception cause) {
            super(message, cause instanceof IOException io ? io : new IOException(cause));
        }
    }

    /** Passes the part-way failpoint once the first 4 KiB of a tensors file have gone out. */
    private static final class FailpointStream extends java.io.FilterOutputStream {
        private static final long PART_WAY = 4096;
        private long written;

        FailpointStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count(len);
        }

        private void count(long n) throws IOException {
            boolean crossed = written < PART_WAY && written + n >= PART_WAY;
            written += n;
            if (crossed) {
                out.flush();
                Failpoints.pass(Failpoints.CHECKPOINT_TENSORS);
            }
        }
    }

    /** True when a checkpoint has been completed in this folder. */
    public boolean exists() {
        return Files.isRegularFile(root.resolve(LATEST));
    }

    /** Loads the latest checkpoint; a missing or corrupt one is a user error naming the file. */
    public Loaded loadLatest(NDManager manager) {
        return load(latestName(), manager);
    }

    /** The name of the latest checkpoint, e.g. {@code epoch-0006}. */
    public String latestName() {
        Path latest = root.resolve(LATEST);
        if (!Files.isRegularFile(latest)) {
            throw new BadInputException("no checkpoint to resume from: " + latest + " does not exist");
        }
        try {
            return Files.readString(latest, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + latest + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoints kept in this folder, oldest first. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            // a folder without state.json is a write that was interrupted, not a checkpoint
            return s.filter(p -> Files.isRegularFile(p.resolve(TENSORS)) && Files.isRegularFile(p.resolve(STATE))).map(p -> p.getFileName().toString()).sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list checkpoints in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Loads checkpoint {@code name}; a missing or corrupt one is a user error naming the folder. */
    public Loaded load(String name, NDManager manager) {
        Path dir = root.resolve(name);
        Path tensors = dir.resolve(TENSORS);
        if (!Files.isRegularFile(tensors)) {
            throw new BadInputException("no checkpoint '" + name + "' in " + root + ": expected one of " + names());
        }
        // DJL's decoder trusts every declared count, shape and length; they are checked first.
        int count = NdListFile.check(tensors);
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        try {
            if (count > 0) {
                // DJL cannot decode an empty list (it reads a 9-byte preamble that such a file lacks).
                try (InputStream in = new BufferedInputStream(Files.newInputStream(tensors))) {
                    for (NDArray a : NDList.decode(manager, in)) {
                        arrays.put(a.getName(), a);
                    }
                }
            }
            JsonNode state = JSON.readerFor(JsonNode.class)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(dir.resolve(STATE).toFile());
            if (state == null || !state.isObject()) {
                throw new BadInputException("corrupt checkpoint " + dir + ": " + STATE + " holds "
                        + (state == null || state.isMissingNode() ? "nothing" : "a JSON " + state.getNodeType())
                        + ", expected a JSON object");
            }
            return new Loaded(arrays, state);
        } catch (IOException | RuntimeException e) {
            // Do not leave half a checkpoint's arrays on the caller's manager.
            arrays.values().forEach(NDArray::close);
            if (e instanceof BadInputException b) {
                throw b;
            }
            String detail = e instanceof JsonProcessingException j
                    ? STATE + " is not valid JSON (" + JsonErrors.reason(j) + JsonErrors.where(j) + ")"
                    : String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new BadInputException("corrupt checkpoint " + dir + ": " + detail, e);
        }
    }

    private void prune(String current) {
        try (Stream<Path> s = Files.list(root)) {
            Path[] old = s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().equals(current))
                    .sorted(Comparator.comparing(Path::toString).reversed())
                    .skip(keep - 1L)
                    .toArray(Path[]::new);
            for (Path p : old) {
                Folders.deleteTree(p);
            }
        } catch (IOException e) {
            // an old checkpoint that could not be deleted costs disk space, not correctness
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Folders.deleteTree(p);
        } catch (IOException ignored) {
            // a half-written folder that stays is never named by LATEST, so it is only clutter
        }
    }

}
