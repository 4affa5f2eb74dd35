package org.distillnas.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.distillnas.util.BadInputException;

/**
 * Runs benchmark programs one at a time as child processes, streaming each output line to a log
 * file (verbatim) and to the console (prefixed by the run's label), and keeps the lines for parsing.
 *
 * <p>Children, not threads: each program's peak resident memory must be its own, and only one may
 * use the CPU at a time or the timings would measure each other.
 */
public final class ChildRunner implements AutoCloseable {
    private final Path logFile;
    private final Writer log;
    private final PrintStream console;

    /** What one run printed and how it ended. */
    public record Outcome(String label, int exitCode, List<String> lines, double otherCpuShare) {
        /** Marks a run that shared the machine: other processes used at least this share of all CPU time. */
        public static final double DISTURBED = 0.10;

        /** True when other processes used a noticeable share of the CPU while this run was timed. */
        public boolean disturbed() {
            return otherCpuShare >= DISTURBED;
        }

        /** The last {@code RESULT} line, if the program got that far. */
        public Optional<String> resultLine() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (BenchResult.isResultLine(lines.get(i))) {
                    return Optional.of(lines.get(i));
                }
            }
            return Optional.empty();
        }

        /** The last non-blank line: the error message when the program failed. */
        public String lastLine() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(no output)";
        }
    }

    /** Opens (appends to) {@code logFile}, creating its folder. */
    public ChildRunner(Path logFile, PrintStream console) {
        this.logFile = logFile;
        this.console = console;
        try {
            Path dir = logFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open benchmark log " + logFile + ": " + e.getMessage(), e);
        }
    }

    public Path logFile() {
        return logFile;
    }

    /** Writes a line to the log only (headers between runs). */
    public void note(String line) {
        try {
            log.write(line + System.lineSeparator());
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark log " + logFile, e);
        }
    }

    /**
     * Runs {@code command} to its end with extra environment variables {@code env}; stderr is merged
     * into stdout so that a failure's message lands in the log next to the progress lines.
     */
    public Outcome run(String label, List<String> command, Map<String, String> env) {
        note("=== " + label + ": " + String.join(" ", command));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new BenchFailure(label + ": cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        // If this JVM is stopped (Ctrl-C), the child must not go on using the CPU on its own.
        Thread killer = new Thread(p::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(killer);
        CpuMonitor cpu = CpuMonitor.watch(p);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                note(line);
                console.println("  [" + label + "] " + line);
            }
            int code = p.waitFor();
            double other = cpu.otherShare();
            note(String.format(java.util.Locale.ROOT, "=== %s exit status %d; other processes used %.1f%% of the CPU",
                    label, code, 100 * other));
            return new Outcome(label, code, List.copyOf(lines), other);
        } catch (IOException e) {
            throw new BenchFailure(label + ": cannot read its output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new BenchFailure(label + ": interrupted", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook runs anyway
            }
        }
    }

    /**
     * The run's parsed result.
     *
     * @throws BadInputException if the program exited with status 2 (bad input, e.g. missing data)
     * @throws BenchFailure if the program failed otherwise or printed no result line
     */
    public BenchResult result(Outcome o) {
        if (o.exitCode() == 2) {
            // Our child's status for bad input (missing data set): the user's to fix, not a crash.
            throw new BadInputException(o.label() + ": " + o.lastLine());
        }
        if (o.exitCode() != 0) {
            throw new BenchFailure(o.label() + " exited with status " + o.exitCode() + ": " + o.lastLine()
                    + " (full output in " + logFile + ")");
        }
        String line = o.resultLine().orElseThrow(() -> new BenchFailure(o.label() + " printed no RESULT line (output in "
                + logFile + ")"));
        try {
            return BenchResult.parse(line);
        } catch (IllegalArgumentException e) {
            throw new BenchFailure(o.label() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close benchmark log " + logFile, e);
        }
    }
}
