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
import org.distillnas.trial.TrialBatch;
import org.distillnas.trial.TrialOutcome;
import org.distillnas.trial.TrialRunner;
import org.distillnas.trial.TrialSpec;
import org.distillnas.trial.TrialStep;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;

/**
 * A table of stand-alone accuracies: every architecture is a trial, trained from scratch by
 * {@code distillnas train} on a {@link TrialRunner} into {@code trials/NNNN/}. {@code table.csv} is
 * rewritten atomically after each finished trial; a new invocation on the same folder records
 * finished trials, resumes unfinished ones from their checkpoints, and never retrains a finished one.
 */
public final class TableRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<String> architectures;
    private final List<String> trainArgs;
    private final List<String> jvmOptions;
    private final PrintStream out;

    /**
     * @param trainArgs options passed to every {@code distillnas train} (epochs, data...)
     * @param jvmOptions options of every worker JVM (its heap)
     */
    public TableRun(Path dir, List<String> architectures, List<String> trainArgs, List<String> jvmOptions, PrintStream out) {
        this.dir = dir;
        this.architectures = List.copyOf(architectures);
        this.trainArgs = List.copyOf(trainArgs);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.out = out;
    }

    /**
     * Trains what is missing on {@code runner}; returns the rows by trial index. Fails if any trial
     * failed (after the others finished), or if another table is running on the same folder.
     */
    public Map<Integer, String> run(TrialRunner runner) throws InterruptedException {
        writeArchitectures();
        List<TrialSpec> trials = new ArrayList<>();
        for (int i = 0; i < architectures.size(); i++) {
            trials.add(spec(i));
        }
        Map<Integer, String> rows = new TreeMap<>();
        for (int i = 0; i < architectures.size(); i++) {
            String row = finishedRow(i);
            if (row != null) {
                rows.put(i, row);
            }
        }
        writeTable(rows);
        List<TrialOutcome> outcomes = new TrialBatch(dir, "table", trials).run(runner, out, id -> {
            int i = Integer.parseInt(id);
            String row = finishedRow(i);
            if (row != null) {
                synchronized (rows) {
                    rows.put(i, row);
                    writeTable(rows);
                }
            }
        });
        TrialBatch.requireAllOk(outcomes);
        // the mark of a complete table (table.csv is rewritten as rows arrive): what an experiment's
        // setup waits for before its trials rank against the table
        AtomicFiles.writeString(dir.resolve("summary.json"),
                String.format("{%n  \"status\" : \"done\",%n  \"architectures\" : %d%n}%n", rows.size()));
        return rows;
    }

    /** Architecture i's trial: its training from scratch, resumed from its checkpoint if interrupted. */
    private TrialSpec spec(int i) {
        List<String> fresh = new ArrayList<>(List.of("train", architectures.get(i), "--out", TrialStep.TRIAL));
        fresh.addAll(trainArgs);
        fresh.add("--no-progress");
        TrialStep step = new TrialStep("train", fresh, List.of("train", "--resume", TrialStep.TRIAL, "--no-progress"),
                "results.json", "config.json");
        return new TrialSpec(id(i), List.of(step), jvmOptions);
    }

    private static String id(int i) {
        return String.format("%04d", i);
    }

    private Path folder(int i) {
        return TrialSpec.dir(dir, id(i));
    }

    /** The CSV row of a finished trial, or null. */
    private String finishedRow(int i) {
        Path results = new ModelFiles(folder(i)).results();
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
