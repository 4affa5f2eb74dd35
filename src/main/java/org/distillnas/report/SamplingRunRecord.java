package org.distillnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.distillnas.eval.Ranking;
import org.distillnas.strategy.Methods;
import org.distillnas.util.BadInputException;

/**
 * What one finished sampling search (spos, sandwich) says about itself, read from its folder and
 * from what the commands after it wrote there by convention:
 * <ul>
 *   <li>{@code summary.json}: the largest and smallest subnet's inherited accuracy;
 *   <li>{@code rank.csv} ({@code distillnas rank RUN_DIR --out RUN_DIR/rank.csv}): the ranking
 *       against a stand-alone table;
 *   <li>{@code evolve/summary.json} and {@code evolve/pareto.csv} ({@code distillnas evolve}): the
 *       best subnet per budget of the evolution and of the random search, and the evolution's
 *       Pareto front over FLOPs buckets;
 *   <li>{@code evolve/best-<B>M-model/results.json} ({@code distillnas train}): the best subnet per
 *       budget retrained from scratch.
 * </ul>
 * Whatever a later command has not written yet is NaN or empty, so a report can be drawn at any stage.
 *
 * @param label method, plus the weight sharing when it is not the method's default
 * @param searchSeconds the epochs' training and evaluation time summed over the metrics
 * @param evolutionBest best inherited accuracy under each budget (MFLOPs) found by the evolution
 * @param randomBest the same for the random search at equal evaluations (empty without one)
 * @param retrained test top-1 of the evolution's best subnet per budget retrained from scratch
 * @param front the evolution's bucketed Pareto front: MFLOPs and accuracy (%), by increasing MFLOPs
 * @param overConfident share of validation images on which the students of {@code distillnas
 *     confidence} are more confident than the largest subnet (mean over students; NaN without it)
 * @param underConfident the share on which they are less confident
 * @param cream what a Cream search adds (null for the other methods)
 */
public record SamplingRunRecord(Path dir, String label, long seed, double largestAcc, double smallestAcc,
        double searchSeconds, double kendallTau, double spearmanRho, int rankedSubnets,
        Map<Double, Double> evolutionBest, Map<Double, Double> randomBest, Map<Double, Double> retrained,
        ParetoPlot.Points front, double overConfident, double underConfident, CreamRecord cream) {

    /**
     * A Cream search's board and matching network, from {@code board.json}, the last epoch line and
     * {@code board-<B>M-model/results.json} ({@code distillnas board} picks retrained).
     *
     * @param bestScore the board's best entry's score (top-1 % when it entered)
     * @param bestMflops its multiply-adds in millions
     * @param rhoMean mean rho of the last epoch's distilled steps
     * @param metaUpdates look-ahead updates of the matching network over the run
     * @param boardRetrained test top-1 of the board's best path under each budget, retrained
     */
    public record CreamRecord(double bestScore, double bestMflops, double rhoMean, long metaUpdates,
            Map<Double, Double> boardRetrained) {

        static CreamRecord read(Path dir, JsonNode lastEpoch) {
            double score = Double.NaN;
            double mflops = Double.NaN;
            Path board = dir.resolve("board.json");
            if (Files.isRegularFile(board)) {
                JsonNode first = RunRecord.json(board, "a Cream search's board.json").path("entries").path(0);
                score = first.path("score").asDouble(Double.NaN);
                mflops = first.path("macs").asDouble(Double.NaN) / 1e6;
            }
            Map<Double, Double> retrained = new TreeMap<>();
            try (var files = Files.newDirectoryStream(dir, "board-*M-model")) {
                for (Path model : files) {
                    String name = model.getFileName().toString();
                    Path results = model.resolve("results.json");
                    if (Files.isRegularFile(results)) {
                        retrained.put(Double.parseDouble(name.substring("board-".length(), name.length() - "M-model".length())),
                                RunRecord.json(results, "a model's results.json").path("test_top1").asDouble(Double.NaN));
                    }
                }
            } catch (java.io.IOException | NumberFormatException e) {
                throw new org.distillnas.util.BadInputException(dir + ": cannot read the retrained board picks ("
                        + e.getMessage() + ")");
            }
            return new CreamRecord(score, mflops, lastEpoch.path("rho_mean").asDouble(Double.NaN),
                    lastEpoch.path("meta_updates").asLong(0), retrained);
        }
    }

    /** True when the folder holds a search run of a sampling method (its config names one). */
    public static boolean isSamplingRun(Path dir) {
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return false;
        }
        String method = RunRecord.json(config, "a search run's config.json").path("method").asText("");
        return Methods.names().contains(method) && Methods.isSampling(method);
    }

    public static SamplingRunRecord read(Path dir) {
        JsonNode config = RunRecord.json(dir.resolve("config.json"), "a search run's config.json");
        JsonNode summary = RunRecord.json(dir.resolve("summary.json"), "the summary of a finished search");
        double seconds = 0;
        JsonNode lastEpoch = null;
        for (JsonNode line : JsonlWriter.readAll(dir.resolve("metrics.jsonl"))) {
            if ("epoch".equals(line.path("type").asText())) {
                seconds += line.path("seconds").asDouble(0);
                lastEpoch = line;
            }
        }
        double[] rank = ranking(dir.resolve("rank.csv"));
        Map<Double, Double> evolution = new TreeMap<>();
        Map<Double, Double> random = new TreeMap<>();
        Map<Double, Double> retrained = new TreeMap<>();
        ParetoPlot.Points front = new ParetoPlot.Points(List.of(), List.of());
        Path evolve = dir.resolve("evolve");
        if (Files.isRegularFile(evolve.resolve("summary.json"))) {
            JsonNode results = RunRecord.json(evolve.resolve("summary.json"), "the summary of 'distillnas evolve'").path("results");
            best(results.path("evolution"), evolution);
            best(results.path("random"), random);
            for (JsonNode r : results.path("evolution")) {
                String file = r.path("file").asText("");
                Path model = evolve.resolve(file.replaceFirst("\\.json$", "-model")).resolve("results.json");
                if (!file.isEmpty() && Files.isRegularFile(model)) {
                    retrained.put(r.path("budget_m").asDouble(), RunRecord.json(model, "a model's results.json")
                            .path("test_top1").asDouble(Double.NaN));
                }
            }
            front = front(evolve.resolve("pareto.csv"));
        }
        String label = config.path("method").asText("?");
        String sharing = summary.path("weight_sharing").asText("");
        String usual = label.equals("spos") || label.equals(Methods.CREAM) ? "choice" : "elastic";
        if (!sharing.isEmpty() && !sharing.equals(usual)) {
            label += "+" + sharing;
        }
        if (label.startsWith(Methods.ALPHANET)) {
            // runs of one method that differ in their distillation loss are told apart by it
            label += "-" + config.at("/kd_loss/kind").asText("kl");
        }
        CreamRecord cream = null;
        if (label.startsWith(Methods.CREAM)) {
            // with the matching network (cream-meta) or the fixed rule (cream-best)
            label += "-" + config.at("/board/matching").asText("meta");
            cream = CreamRecord.read(dir, lastEpoch == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                    : lastEpoch);
        }
        double over = Double.NaN;
        double under = Double.NaN;
        Path confidence = dir.resolve("confidence.json");
        if (Files.isRegularFile(confidence)) {
            JsonNode c = RunRecord.json(confidence, "the output of 'distillnas confidence'");
            over = c.path("mean_over_confident").asDouble(Double.NaN);
            under = c.path("mean_under_confident").asDouble(Double.NaN);
        }
        return new SamplingRunRecord(dir, label, config.path("seed").asLong(),
                summary.at("/largest/inherited_val_acc").asDouble(Double.NaN),
                summary.at("/smallest/inherited_val_acc").asDouble(Double.NaN), seconds, rank[0], rank[1],
                (int) rank[2], evolution, random, retrained, front, over, under, cream);
    }

    /** The evolution's best under each budget minus the random search's, NaN where either is missing. */
    public double evolutionGain(double budgetM) {
        Double e = evolutionBest.get(budgetM);
        Double r = randomBest.get(budgetM);
        return e == null || r == null ? Double.NaN : e - r;
    }

    private static void best(JsonNode results, Map<Double, Double> into) {
        for (JsonNode r : results) {
            if (r.has("accuracy")) {
                into.put(r.path("budget_m").asDouble(), r.path("accuracy").asDouble());
            }
        }
    }

    /** Kendall tau, Spearman rho and the number of rows of a rank CSV; NaNs and 0 without one. */
    private static double[] ranking(Path csv) {
        if (!Files.isRegularFile(csv)) {
            return new double[] {Double.NaN, Double.NaN, 0};
        }
        List<Map<String, String>> rows = csv(csv, "standalone_accuracy", "one_shot_accuracy");
        double[] a = new double[rows.size()];
        double[] b = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            a[i] = number(csv, rows.get(i), "standalone_accuracy");
            b[i] = number(csv, rows.get(i), "one_shot_accuracy");
        }
        if (rows.size() < 2) {
            return new double[] {Double.NaN, Double.NaN, rows.size()};
        }
        return new double[] {Ranking.kendallTau(a, b), Ranking.spearmanRho(a, b), rows.size()};
    }

    /** The evolution's bucket bests that no cheaper subnet dominates, by increasing MFLOPs. */
    private static ParetoPlot.Points front(Path csv) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        if (!Files.isRegularFile(csv)) {
            return new ParetoPlot.Points(x, y);
        }
        TreeMap<Double, Double> points = new TreeMap<>();
        for (Map<String, String> row : csv(csv, "method", "kind", "macs", "accuracy", "on_front")) {
            if (row.get("method").equals("evolution") && row.get("kind").equals("bucket")
                    && Boolean.parseBoolean(row.get("on_front"))) {
                points.put(number(csv, row, "macs") / 1e6, 100 * number(csv, row, "accuracy"));
            }
        }
        points.forEach((m, a) -> {
            x.add(m);
            y.add(a);
        });
        return new ParetoPlot.Points(x, y);
    }

    private static List<Map<String, String>> csv(Path file, String... columns) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (it.hasNext()) {
                Map<String, String> row = it.next();
                for (String c : columns) {
                    if (row.get(c) == null) {
                        throw new BadInputException(file + ": expected a column '" + c + "', found " + row.keySet());
                    }
                }
                rows.add(row);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException("cannot read " + file + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        return rows;
    }

    private static double number(Path file, Map<String, String> row, String column) {
        try {
            return Double.parseDouble(row.get(column));
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": " + column + " '" + row.get(column) + "' is not a number");
        }
    }
}
