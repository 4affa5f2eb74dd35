package org.distillnas.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.distillnas.cli.Main;
import org.distillnas.report.JsonlWriter;
import org.distillnas.util.ChildJvm;
import org.distillnas.util.Failpoints;

/**
 * One run of a kill campaign's variant in a child JVM, to completion or to the moment a
 * {@link Kill} stops it with SIGKILL, and the resumption that finishes it.
 */
final class CampaignRun {
    /** How long a single child may take before the campaign gives up on it. */
    private static final long TIMEOUT_MINUTES = 30;

    private final Variant variant;
    private final Path dir;
    private final String javaHeap;

    /**
     * @param dir the run folder the child writes ({@code --out}); its logs go beside it
     */
    CampaignRun(Variant variant, Path dir, String javaHeap) {
        this.variant = variant;
        this.dir = dir;
        this.javaHeap = javaHeap;
    }

    Path dir() {
        return dir;
    }

    /** What a run did until it ended: exit code (or -1 when killed) and its timings. */
    record Outcome(int exitCode, boolean killed, double trainingStartSeconds, double seconds, String lastLine) {}

    /** Runs the variant to its end, uninterrupted. */
    Outcome complete() throws IOException, InterruptedException {
        return start(null, Double.NaN);
    }

    /**
     * Starts the variant and kills it at {@code kill}: at its failpoint, or for a timer after
     * {@code kill.fraction() * trainingSeconds} from the moment training starts (its
     * {@code metrics.jsonl} appears).
     */
    Outcome killAt(Kill kill, double trainingSeconds) throws IOException, InterruptedException {
        return start(kill, trainingSeconds);
    }

    /** Continues the killed run with {@code --resume}. */
    Outcome resume() throws IOException, InterruptedException {
        List<String> args = List.of(variant.command(), "--resume", dir.toString(), "--no-progress");
        return await(launch(args, Map.of(), "resume.log"), null, Double.NaN, "resume.log");
    }

    private Outcome start(Kill kill, double trainingSeconds) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(variant.args());
        args.addAll(List.of("--out", dir.toString(), "--no-progress"));
        Map<String, String> props = kill == null || kill.timer() ? Map.of()
                : Map.of(Failpoints.PROPERTY, kill.property(), Failpoints.MARKER_PROPERTY, marker().toString());
        String log = kill == null ? "run.log" : "killed.log";
        Files.deleteIfExists(marker());
        return await(launch(args, props, log), kill, trainingSeconds, log);
    }

    private Process launch(List<String> args, Map<String, String> props, String log) throws IOException {
        Files.createDirectories(dir.getParent());
        List<String> cmd = ChildJvm.command(javaHeap, Main.class, props, args);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(log).toFile())).start();
    }

    private Outcome await(Process p, Kill kill, double trainingSeconds, String log) throws InterruptedException, IOException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
        double trainingStart = Double.NaN;
        Path metrics = dir.resolve("metrics.jsonl");
        boolean killed = false;
        while (p.isAlive() && System.nanoTime() < deadline) {
            double now = (System.nanoTime() - t0) / 1e9;
            if (Double.isNaN(trainingStart) && Files.exists(metrics)) {
                trainingStart = now;
            }
            if (kill != null && due(kill, trainingStart, trainingSeconds, now)) {
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing, no finally blocks
                p.waitFor();
                killed = true;
                break;
            }
            p.waitFor(5, TimeUnit.MILLISECONDS);
        }
        if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor();
            throw new IOException("run in " + dir + " did not end within " + TIMEOUT_MINUTES + " minutes; see " + logFile(log));
        }
        p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Outcome(killed ? -1 : p.exitValue(), killed, trainingStart, seconds, lastLine(logFile(log)));
    }

    private boolean due(Kill kill, double trainingStart, double trainingSeconds, double now) {
        if (kill.timer()) {
            return !Double.isNaN(trainingStart) && now - trainingStart >= kill.fraction() * trainingSeconds;
        }
        return Files.exists(marker());
    }

    /** Where the killed run stood: its latest checkpoint and the last line it logged. */
    String whereItStopped() throws IOException {
        Path latest = dir.resolve("checkpoints").resolve("LATEST");
        String ckpt = Files.exists(latest) ? Files.readString(latest, StandardCharsets.UTF_8).trim() : "no checkpoint";
        Path metrics = dir.resolve("metrics.jsonl");
        String last = "nothing logged";
        if (Files.exists(metrics)) {
            List<JsonNode> lines = JsonlWriter.readAll(metrics);
            if (!lines.isEmpty()) {
                JsonNode n = lines.get(lines.size() - 1);
                last = n.path("type").asText() + " line of epoch " + n.path("epoch").asInt()
                        + (n.has("step") ? ", step " + n.path("step").asLong() : "");
            }
        }
        return ckpt + ", last " + last;
    }

    private Path marker() {
        return dir.resolveSibling(dir.getFileName() + ".paused");
    }

    private Path logFile(String name) {
        return dir.resolveSibling(dir.getFileName() + "-" + name);
    }

    private static String lastLine(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "";
    }
}
