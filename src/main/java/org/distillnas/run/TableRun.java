package org.distillnas.run;

import org.distillnas.train.ModelFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.util.FolderLock;

/**
 * A table of stand-alone accuracies: every architecture is trained from scratch by
 * {@code distillnas train} in its own JVM (one JVM can hold only one gradient collector), several
 * at a time, each into {@code trials/NNNN/}. {@code table.csv} is rewritten atomically after each
 * finished trial; a new invocation on the same folder records finished trials, resumes unfinished
 * ones from their checkpoints, and never retrains a finished one.
 */
public final class TableRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<String> architectures;
    private final List<String> trainArgs;
    private final int workers;
    private final PrintStream out;

    /**
     * @param trainArgs options passed to every {@code distillnas train} (epochs, data, threads...)
     */
    public TableRun(Path dir, List<String> architectures, List<String> trainArgs, int workers, PrintStream out) {
        if (workers < 1) {
            throw new BadInputException("--workers " + workers + ": expected at least 1");
        }
        this.dir = dir;
        this.architectures = List.copyOf(architectures);
        this.trainArgs = List.copyOf(trainArgs);
        this.workers = workers;
        this.out = out;
    }

    /**
     * Trains what is missing; returns the rows by trial index. Fails if any trial failed, or if
     * another table is running on the same folder (its workers would train the same trials).
     */
    public Map<Integer, String> run() {
        try (FolderLock lock = FolderLock.acquire(dir, "table")) {
            return trainMissing();
        }
    }

    private Map<Integer, String> trainMissing() {
        writeArchitectures();
        Map<Integer, String> rows = new TreeMap<>();
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < architectures.size(); i++) {
            String row = finishedRow(i);
            if (row != null) {
                rows.put(i, row);
            } else {
                todo.add(i);
            }
        }
        writeTable(rows);
        out.printf("%d architectures: %d finished, %d to train with %d worker(s)%n", architectures.size(), rows.size(),
                todo.size(), workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Integer> failed = new ArrayList<>();
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i : todo) {
                futures.add(pool.submit(() -> trainTrial(i)));
            }
            for (int k = 0; k < futures.size(); k++) {
                int i = todo.get(k);
                int status;
                try {
                    status = futures.get(k).get();
                } catch (Exception e) {
                    status = -1;
                }
                String row = status == 0 ? finishedRow(i) : null;
                if (row == null) {
                    failed.add(i);
                    out.printf("trial %d failed (exit %d): see %s%n", i, status, log(i));
                    continue;
                }
                synchronized (rows) {
                    rows.put(i, row);
                    writeTable(rows);
                }
                out.printf("trial %d done: %s%n", i, row);
            }
        } finally {
            pool.shutdownNow();
        }
        if (!failed.isEmpty()) {
            throw new BadInputException(failed.size() + " trial(s) failed: " + failed + "; run the same command again to resume them");
        }
        return rows;
    }

    private Path trial(int i) {
        return dir.resolve("trials").resolve(String.format("%04d", i));
    }

    private Path log(int i) {
        return dir.resolve("trials").resolve(String.format("%04d.log", i));
    }

    private int trainTrial(int i) throws IOException, InterruptedException {
        Path t = trial(i);
        Files.createDirectories(t.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx1g");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.distillnas.cli.Main");
        cmd.add("train");
        if (Files.exists(t.resolve("config.json"))) {
            cmd.addAll(List.of("--resume", t.toString())); // a killed trial continues from its checkpoint
        } else {
            cmd.add(architectures.get(i));
            cmd.addAll(List.of("--out", t.toString()));
            cmd.addAll(trainArgs);
        }
        cmd.add("--no-progress");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile())).start();
        return p.waitFor();
    }

    /** The CSV row of a finished trial, or null. */
    private String finishedRow(int i) {
        Path results = new ModelFiles(trial(i)).results();
        if (!Files.isRegularFile(results)) {
            return null;
        }
        try {
            JsonNode r = JSON.readTree(results.toFile());
            return String.format("\"%s\",%d,%d,%s,%s", architectures.get(i).replace("\"", "\"\""),
                    r.get("parameters").asLong(), r.get("macs").asLong(), r.get("test_top1").asText(),
                    r.get("train_seconds").asText());
        } catch (IOException e) {
            return null;
        }
    }

    private void writeTable(Map<Integer, String> rows) {
        StringBuilder sb = new StringBuilder("architecture,params,flops,accuracy,seconds\n");
        rows.values().forEach(r -> sb.append(r).append('\n'));
        AtomicFiles.writeString(dir.resolve("table.csv"), sb.toString());
    }

    /** The architecture list is fixed at the first invocation; a later one must ask for the same. */
    private void writeArchitectures() {
        Path file = dir.resolve("architectures.txt");
        String text = String.join("\n", architectures) + "\n";
        try {
            if (Files.exists(file) && !Files.readString(file).equals(text)) {
                throw new BadInputException(dir + " holds a table of other architectures (" + file.getFileName()
                        + "): use another --out or the same sample");
            }
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
