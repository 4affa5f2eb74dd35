package org.distillnas.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.evolution.ParallelScorer;
import org.distillnas.report.JsonlWriter;
import org.distillnas.util.AtomicFiles;

/**
 * What makes {@code evolve} resumable: {@code settings.json} (everything the scores and the
 * searches' proposals depend on) and {@code scores.jsonl} (each subnet's score, appended as soon
 * as it is computed, so a kill loses at most the evaluations under way).
 *
 * <p>The searches are pure functions of their seed and of the scores, so an invocation with the
 * same settings replays them from the logged scores, evaluating only what was never scored, and
 * writes exactly what an uninterrupted search writes. Other settings start the folder afresh.
 */
final class EvolveScores implements ParallelScorer.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Double> known;
    private final JsonlWriter log;

    private EvolveScores(Map<String, Double> known, JsonlWriter log) {
        this.known = known;
        this.log = log;
    }

    /**
     * Opens the scores of {@code dir}: those of an earlier invocation when its settings equal
     * {@code settings}, else none (and the old log is removed).
     */
    static EvolveScores open(Path dir, Map<String, Object> settings, PrintStream out) {
        Path file = dir.resolve("settings.json");
        Path scores = dir.resolve("scores.jsonl");
        Map<String, Double> known = new HashMap<>();
        try {
            // through the text, as the file will be read back (a long 0 and an int 0 are other nodes)
            String text = JSON.writeValueAsString(settings) + "\n";
            JsonNode wanted = JSON.readTree(text);
            Files.createDirectories(dir);
            JsonNode earlier = Files.isRegularFile(file) ? readSettings(file) : null;
            if (earlier != null && earlier.equals(wanted) && Files.isRegularFile(scores)) {
                for (JsonNode line : JsonlWriter.readAll(scores)) {
                    known.put(line.path("subnet").asText(), line.path("accuracy").asDouble());
                }
                out.printf("resuming the search in %s: %d subnets already scored%n", dir, known.size());
            } else {
                if (earlier != null && !earlier.equals(wanted)) {
                    out.printf("%s held a search with other settings (%s): starting afresh%n", dir,
                            firstDifference(earlier, wanted));
                }
                Files.deleteIfExists(scores);
                AtomicFiles.writeString(file, text);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the evolution's settings as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        return new EvolveScores(known, new JsonlWriter(scores));
    }

    Map<String, Double> known() {
        return known;
    }

    @Override
    public void scored(String subnet, double accuracy) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("subnet", subnet);
        line.put("accuracy", accuracy);
        log.write(line);
    }

    @Override
    public void close() {
        log.close();
    }

    private static JsonNode readSettings(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            // a damaged settings file cannot vouch for the scores: start afresh
            return null;
        }
    }

    /** "field: earlier -> now" for the first top-level field that differs. */
    static String firstDifference(JsonNode earlier, JsonNode now) {
        for (Iterator<String> it = now.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!now.get(f).equals(earlier.get(f))) {
                return f + " " + earlier.get(f) + " -> " + now.get(f);
            }
        }
        for (Iterator<String> it = earlier.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!now.has(f)) {
                return f + " " + earlier.get(f) + " -> none";
            }
        }
        return "none";
    }
}
