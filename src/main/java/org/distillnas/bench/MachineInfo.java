package org.distillnas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark ran on, for its report: throughput figures mean little without the
 * core count, the CPU and the memory beside them.
 *
 * @param cores processors this JVM may use (what {@code nproc} prints)
 * @param cpuModel the first "model name" of {@code /proc/cpuinfo}, or "unknown"
 * @param memoryGib total memory from {@code /proc/meminfo}, GiB (-1 if unknown)
 * @param os operating system name, version and architecture
 * @param java the running Java's vendor and version
 * @param date when the benchmark ran, ISO 8601 with zone offset
 */
public record MachineInfo(int cores, String cpuModel, double memoryGib, String os, String java, String date) {

    /** This machine, now. */
    public static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryGib(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor", "?") + " " + System.getProperty("java.version"),
                ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    /** One line: "2 cores, Intel(R) ..., 23.4 GiB memory". */
    public String summary() {
        return String.format(Locale.ROOT, "%d cores (nproc), %s, %s memory", cores, cpuModel,
                memoryGib < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", memoryGib));
    }

    private static String readCpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                return colon < 0 ? line : line.substring(colon + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static double readMemoryGib() {
        long kib = ProcStatus.kibField(lines("/proc/meminfo"), "MemTotal:");
        return kib < 0 ? -1 : kib / (1024.0 * 1024.0);
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            // Not Linux: the report says "unknown" instead of failing a finished benchmark.
            return List.of();
        }
    }
}
