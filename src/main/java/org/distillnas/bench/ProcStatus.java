package org.distillnas.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resident memory of this process as Linux reports it in {@code /proc/self/status}: the
 * current resident set (VmRSS) and its high-water mark (VmHWM), in MiB.
 *
 * <p>Read from the kernel rather than from the JVM because most of the memory of a training step
 * is libtorch's native heap, which no Java API sees.
 */
public record ProcStatus(long rssMib, long hwmMib) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** The current values; -1 for each that this system does not report. */
    public static ProcStatus read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(STATUS);
        } catch (IOException e) {
            // Not Linux (or /proc hidden): the benchmark still runs, without memory figures.
            return new ProcStatus(-1, -1);
        }
        return new ProcStatus(kibField(lines, "VmRSS:") / 1024, kibField(lines, "VmHWM:") / 1024);
    }

    /** The value in KiB of a "Name:   1234 kB" line; -1024 when missing, so that MiB come out as -1. */
    static long kibField(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    throw new UncheckedIOException(new IOException("unreadable line in /proc: " + line));
                }
            }
        }
        return -1024;
    }
}
