package org.distillnas.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.util.BadInputException;

/**
 * Appends one JSON record per line to a log such as {@code metrics.jsonl} or {@code alphas.jsonl}.
 *
 * <p>Each record is handed to the operating system in one write as soon as it is written, so a run
 * that is killed loses at most the line being written. There is no fsync per line: that only
 * matters if the machine itself dies, and it would slow down per-step logging.
 *
 * <p>A run that resumes from a checkpoint calls {@link #truncate} with the {@link #position()} it
 * saved in the checkpoint, so the lines written after that checkpoint disappear and are not
 * duplicated when the run writes them again.
 */
public final class JsonlWriter implements AutoCloseable {
    // Compact output: one record must stay on one line.
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Path file;
    private final FileChannel channel;
    private long position;

    /**
     * Opens {@code file} for appending, creating it and its folder if needed. If the file ends in
     * an incomplete line (a run killed mid-write), that fragment is cut off first, so the next
     * record starts on a line of its own instead of being glued to garbage.
     */
    public JsonlWriter(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            position = endOfLastLine(channel);
            if (position < channel.size()) {
                channel.truncate(position);
            }
            channel.position(position);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " for appending: " + e.getMessage(), e);
        }
    }

    /** Writes {@code record} (anything Jackson can serialize, e.g. a Map or a JsonNode) as one line. */
    public synchronized void write(Object record) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a " + record.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        try {
            while (line.hasRemaining()) {
                position += channel.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Bytes in the file so far, i.e. its size; save this in a checkpoint to {@link #truncate} on resume. */
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Cuts {@code file} back to {@code size} bytes, dropping the lines written after a checkpoint.
     * {@code size} must be a line boundary no larger than the file: anything else means the
     * checkpoint does not belong to this log.
     */
    public static void truncate(Path file, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long length = ch.size();
            if (size < 0 || size > length) {
                throw new BadInputException("cannot truncate " + file + " to " + size + " bytes: it has " + length
                        + ", expected a size in 0.." + length + " (does the checkpoint belong to this run?)");
            }
            if (size > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                ch.read(last, size - 1);
                if (last.get(0) != '\n') {
                    throw new BadInputException("cannot truncate " + file + " to " + size
                            + " bytes: that is inside a line, expected the end of a line (does the checkpoint belong to this run?)");
                }
            }
            ch.truncate(size);
            ch.force(true);
        } catch (NoSuchFileException e) {
            if (size != 0) {
                throw new BadInputException("cannot truncate " + file + " to " + size + " bytes: the file does not exist");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads every record of {@code file}, skipping blank lines. A last line without its newline
     * that does not parse is the trace of a killed writer and is ignored; any other line that does
     * not parse is an error naming the file and line.
     */
    public static List<JsonNode> readAll(Path file) {
        List<JsonNode> records = new ArrayList<>();
        for (Line line : readLines(file)) {
            records.add(line.record());
        }
        return records;
    }

    /** One record and the 1-based line it came from, for error messages about its content. */
    record Line(int number, JsonNode record) {}

    static List<Line> readLines(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot read " + file + ": the file does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        // split leaves an empty last element after a final newline; anything else there is a line
        // that was cut short.
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean unterminated = i == raw.length - 1;
            try {
                lines.add(new Line(i + 1, MAPPER.readTree(line)));
            } catch (JsonProcessingException e) {
                if (unterminated) {
                    break;
                }
                throw new BadInputException(file + ": line " + (i + 1) + " is not valid JSON: "
                        + e.getOriginalMessage().replaceAll("\\s+", " "));
            }
        }
        return lines;
    }

    /** Offset just after the last newline of the file, or 0 if it has none. */
    private static long endOfLastLine(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = ch.size();
        while (end > 0) {
            long start = Math.max(0, end - buf.capacity());
            buf.clear().limit((int) (end - start));
            // A positional read may return fewer bytes than asked; keep reading until the window is full.
            while (buf.hasRemaining()) {
                if (ch.read(buf, start + buf.position()) < 0) {
                    break;
                }
            }
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }
}
