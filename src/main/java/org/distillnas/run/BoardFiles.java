package org.distillnas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.distillnas.distill.board.BoardEntry;
import org.distillnas.distill.board.PrioritizedBoard;
import org.distillnas.report.BoardPlot;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;

/**
 * What a Cream search leaves besides the supernet: {@code board.json} (the final board, best first),
 * {@code board-best.json} (its best entry, the search's architecture, a subnet record that
 * {@code train} accepts) and {@code board.png} (the board's scores and cost per epoch). The command
 * {@code distillnas board} reads {@code board.json} back to pick the best entry under a budget.
 */
public final class BoardFiles {
    static final String BOARD = "board.json";
    static final String BEST = "board-best.json";
    static final String PLOT = "board.png";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BoardFiles() {}

    /** Writes the three files into {@code runDir}; returns the best entry's summary (null on an empty board). */
    static ObjectNode write(PrioritizedBoard board, Path runDir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scoring_note", "score = top-1 (%) of the path when it entered");
        // the entries as the checkpoint records them: subnet, score, macs, step, best first
        root.set("entries", board.stateJson());
        try {
            AtomicFiles.writeString(runDir.resolve(BOARD), JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BoardPlot.plot(runDir.resolve("metrics.jsonl"), runDir.resolve(PLOT));
        if (board.isEmpty()) {
            return null;
        }
        BoardEntry best = board.get(0);
        GenotypeJson.save(best.path(), runDir.resolve(BEST));
        ObjectNode out = JSON.createObjectNode();
        out.put("subnet", best.path().toString()).put("macs", best.macs()).put("score", best.score()).put("file", BEST);
        return out;
    }

    /** A board entry read back from {@code board.json}. */
    public record Pick(String subnet, long macs, double score) {}

    /**
     * The best entry of a finished Cream run's board that costs at most {@code budgetM} millions of
     * multiply-adds (no limit when {@code budgetM <= 0}).
     */
    public static Pick best(Path runDir, double budgetM) {
        Path file = runDir.resolve(BOARD);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(runDir + ": no " + BOARD + " (expected the folder of a finished --method cream search)");
        }
        JsonNode entries;
        try {
            entries = JSON.readTree(file.toFile()).path("entries");
        } catch (IOException e) {
            throw new BadInputException(file + ": not readable as JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!entries.isArray()) {
            throw new BadInputException(file + ": no \"entries\" array");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (JsonNode e : entries) {
            double m = e.path("macs").asLong() / 1e6;
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
            if (budgetM <= 0 || m <= budgetM) {
                return new Pick(e.path("subnet").asText(), e.path("macs").asLong(), e.path("score").asDouble());
            }
        }
        throw new BadInputException(entries.isEmpty() ? file + ": the board is empty (did the search pass its warm-up?)"
                : String.format(Locale.ROOT, "--budget %s: no board entry within it (entries cost %.2f to %.2f M multiply-adds)",
                        budgetM, lo, hi));
    }

    /** Writes a pick as a subnet record. */
    public static void save(Pick pick, Path file) {
        GenotypeJson.save(Subnet.parse(pick.subnet()), file);
    }
}
