package org.distillnas.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.distillnas.report.JsonlWriter;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.Folders;

/**
 * A kill campaign: for each {@link Variant}, an uninterrupted reference run, then {@code kills}
 * trials, each the same run killed with SIGKILL at a seeded {@link Kill} and resumed to its end,
 * compared with the reference on everything it wrote ({@link RunFingerprint}). A trial passes when
 * its fingerprint is identical. Trials are independent child JVMs, {@code workers} at a time.
 *
 * <p>Writes {@code trials.jsonl} (one line per trial: variant, kill, where it stopped, verdict,
 * differences) and {@code summary.md} (identical trials per variant) into its folder.
 */
public final class KillCampaign {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Timer kills that come after the run has ended are retried this often, each twice as early. */
    private static final int TIMER_RETRIES = 4;

    private final Path dir;
    private final int kills;
    private final long seed;
    private final int workers;
    private final String javaHeap;
    private final PrintStream out;

    /** One trial's verdict. */
    public record Trial(String variant, int trial, String kill, String stoppedAt, boolean identical,
            List<String> differences, double seconds) {}

    /** Per variant: trials run and trials identical to the reference. */
    public record Tally(String variant, int trials, int identical) {}

    public KillCampaign(Path dir, int kills, long seed, int workers, String javaHeap, PrintStream out) {
        this.dir = dir;
        this.kills = kills;
        this.seed = seed;
        this.workers = workers;
        this.javaHeap = javaHeap;
        this.out = out;
    }

    /** Runs every variant's reference and trials; returns the tallies, in the variants' order. */
    public List<Tally> run(List<Variant> variants) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Tally> tallies = new ArrayList<>();
        try (JsonlWriter log = new JsonlWriter(dir.resolve("trials.jsonl"))) {
            for (Variant v : variants) {
                tallies.add(runVariant(v, log));
                writeSummary(variants, tallies);
            }
        }
        return tallies;
    }

    private Tally runVariant(Variant v, JsonlWriter log) throws IOException, InterruptedException {
        Path vdir = dir.resolve(v.label());
        deleteTree(vdir);
        CampaignRun reference = new CampaignRun(v, vdir.resolve("reference"), javaHeap);
        CampaignRun.Outcome ref = reference.complete();
        if (ref.exitCode() != 0) {
            throw new IOException(v.label() + ": the reference run failed (exit " + ref.exitCode() + "): " + ref.lastLine());
        }
        RunFingerprint expected = RunFingerprint.of(reference.dir());
        int epochs = JSON.readTree(reference.dir().resolve("config.json").toFile()).path("epochs").asInt(1);
        double training = ref.seconds() - ref.trainingStartSeconds();
        out.printf("%s: reference finished in %.1f s (%.1f s of training)%n", v.label(), ref.seconds(), training);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<Trial>> futures = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            int trial = i;
            futures.add(pool.submit(() -> trial(v, vdir, trial, Kill.draw(seed, trial, epochs), training, expected)));
        }
        pool.shutdown();
        int identical = 0;
        try {
            for (Future<Trial> f : futures) {
                Trial t = f.get();
                log.write(t);
                identical += t.identical() ? 1 : 0;
                out.printf("%s trial %2d: %-24s stopped at %s -> %s%n", v.label(), t.trial(), t.kill(), t.stoppedAt(),
                        t.identical() ? "identical" : "DIFFERENT: " + String.join("; ", t.differences()));
            }
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(v.label() + ": " + c, c);
        }
        out.printf("%s: %d of %d killed and resumed runs identical to the reference%n", v.label(), identical, kills);
        return new Tally(v.label(), kills, identical);
    }

    private Trial trial(Variant v, Path vdir, int i, Kill kill, double training, RunFingerprint expected)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path runDir = vdir.resolve(String.format("trial-%02d", i));
        CampaignRun run = new CampaignRun(v, runDir, javaHeap);
        CampaignRun.Outcome victim = null;
        for (int attempt = 0; attempt <= TIMER_RETRIES; attempt++) {
            deleteTree(runDir);
            victim = run.killAt(kill, training);
            if (victim.killed() || !kill.timer()) {
                break;
            }
            kill = kill.earlier(); // the run ended before the timer: try an earlier moment
        }
        double seconds;
        if (!victim.killed()) {
            seconds = (System.nanoTime() - t0) / 1e9;
            String why = kill.timer() ? "the run ended before every timer" : "the run never reached the failpoint";
            return new Trial(v.label(), i, kill.describe(), "not killed (exit " + victim.exitCode() + ": "
                    + victim.lastLine() + ")", false, List.of(why), seconds);
        }
        String stoppedAt = run.whereItStopped();
        CampaignRun.Outcome resumed = run.resume();
        seconds = (System.nanoTime() - t0) / 1e9;
        if (resumed.exitCode() != 0) {
            return new Trial(v.label(), i, kill.describe(), stoppedAt, false,
                    List.of("resume failed (exit " + resumed.exitCode() + "): " + resumed.lastLine()), seconds);
        }
        List<String> diff = RunFingerprint.of(runDir).differencesFrom(expected);
        return new Trial(v.label(), i, kill.describe(), stoppedAt, diff.isEmpty(), diff, seconds);
    }

    private void writeSummary(List<Variant> variants, List<Tally> tallies) {
        StringBuilder md = new StringBuilder("| variant | command | kills | identical |\n|---|---|---|---|\n");
        Map<String, Variant> byLabel = new LinkedHashMap<>();
        variants.forEach(v -> byLabel.put(v.label(), v));
        for (Tally t : tallies) {
            md.append(String.format("| %s | `%s` | %d | %d of %d |%n", t.variant(), String.join(" ", byLabel.get(t.variant()).args()).replace("|", "\\|"),
                    t.trials(), t.identical(), t.trials()));
        }
        AtomicFiles.writeString(dir.resolve("summary.md"), md.toString());
    }

    private static void deleteTree(Path p) {
        try {
            Folders.deleteTree(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + p + ": " + e.getMessage(), e);
        }
    }
}
