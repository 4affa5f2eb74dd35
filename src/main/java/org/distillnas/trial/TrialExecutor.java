package org.distillnas.trial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.util.ChildJvm;

/**
 * Runs one trial on this machine: each unfinished step in a JVM of its own (one JVM holds one
 * gradient collector, and a crash or out-of-memory kill of a step must not take the runner with
 * it), its output appended to the trial's log. Used by the local pool and, through
 * {@code distillnas run-trial}, inside a Kubernetes pod.
 */
public final class TrialExecutor {
    private static final String MAIN = "org.distillnas.cli.Main";

    private final Map<String, String> workerOptions;

    /**
     * @param workerOptions options this worker adds to every step unless the step sets them itself,
     *     e.g. {@code --threads 1}, {@code --device gpu:1}
     */
    public TrialExecutor(Map<String, String> workerOptions) {
        this.workerOptions = new LinkedHashMap<>(workerOptions);
    }

    /**
     * Runs the steps not yet done that apply. Returns 0 when all are done, else the exit status of
     * the step that failed (a step that exits 0 without writing its {@code done} file counts as
     * failed, 1); an optional step's failure is logged and the trial goes on.
     */
    public int execute(TrialSpec spec, Path dir, Path log) throws InterruptedException {
        try {
            Files.createDirectories(dir);
            for (TrialStep step : spec.steps()) {
                if (step.isDone(dir)) {
                    continue;
                }
                if (step.isSkipped(dir)) {
                    append(log, String.format("%n== %s %s: skipped, %s does not exist%n", Instant.now(), step.name(), step.needs()));
                    continue;
                }
                List<String> args = arguments(step, dir);
                append(log, String.format("%n== %s %s: distillnas %s%n", Instant.now(), step.name(), String.join(" ", args)));
                Process p = ChildProcesses.start(ChildJvm.builder(spec.jvmOptions(), MAIN, args).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
                int status = ChildProcesses.waitFor(p);
                String failure = status != 0 ? "exited with status " + status
                        : !step.isDone(dir) ? "exited 0 but did not write " + step.done()
                                + (step.doneContains() != null ? " holding " + step.doneContains() : "") : null;
                if (failure == null) {
                    continue;
                }
                if (step.isOptional()) {
                    append(log, String.format("== optional step %s %s; the trial goes on%n", step.name(), failure));
                    continue;
                }
                append(log, String.format("== step %s %s%n", step.name(), failure));
                return status != 0 ? status : 1;
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run trial " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    /** The step's arguments and this worker's options that the step does not set itself. */
    private List<String> arguments(TrialStep step, Path dir) {
        List<String> own = step.commandLine(dir);
        List<String> args = new ArrayList<>(own);
        workerOptions.forEach((option, value) -> {
            if (step.takesWorkerOptions() && !own.contains(option)) {
                args.add(option);
                args.add(value);
            }
        });
        return args;
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The log's size in bytes (0 if it does not exist yet): where an attempt's part of it starts. */
    public static long logSize(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last {@code lines} lines of a log from byte {@code from} on, for failure reports. */
    public static String tail(Path log, long from, int lines) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] all = Files.readAllBytes(log);
            int start = (int) Math.min(Math.max(0, from), all.length);
            List<String> l = new String(all, start, all.length - start, StandardCharsets.UTF_8).lines()
                    .filter(s -> !s.isBlank()).toList();
            return String.join("\n", l.subList(Math.max(0, l.size() - lines), l.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
