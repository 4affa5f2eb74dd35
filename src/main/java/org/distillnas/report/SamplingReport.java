package org.distillnas.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Compares finished sampling searches grouped by method (e.g. SPOS vs sandwich over three seeds):
 * the supernet (largest and smallest subnet with inherited weights, ranking against a stand-alone
 * table), the evolution against the random search per budget, the evolution's best subnets
 * retrained, and all evolution fronts on one plot.
 */
public final class SamplingReport {
    private final Map<String, List<SamplingRunRecord>> groups = new LinkedHashMap<>();
    private final List<Double> budgets;

    public SamplingReport(List<SamplingRunRecord> runs) {
        runs.forEach(r -> groups.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        TreeSet<Double> b = new TreeSet<>();
        runs.forEach(r -> {
            b.addAll(r.evolutionBest().keySet());
            b.addAll(r.retrained().keySet());
        });
        budgets = List.copyOf(b);
    }

    public Map<String, List<SamplingRunRecord>> groups() {
        return groups;
    }

    /** The per-method table, then the per-run table. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        StringBuilder head = new StringBuilder("| method | runs | search s | largest subnet val % | smallest subnet val %"
                + " | Kendall tau | Spearman rho");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---:|---:|---:");
        // evolutions run without --random-search have no random columns
        boolean random = groups.values().stream().flatMap(List::stream).anyMatch(r -> !r.randomBest().isEmpty());
        for (double m : budgets) {
            String budget = budget(m);
            head.append(" | ≤").append(budget).append("M evolution val %");
            if (random) {
                head.append(" | ≤").append(budget).append("M random val %");
                rule.append("|---:");
            }
            head.append(" | ≤").append(budget).append("M retrained test %");
            rule.append("|---:|---:");
        }
        boolean confidence = groups.values().stream().flatMap(List::stream)
                .anyMatch(r -> !Double.isNaN(r.overConfident()));
        if (confidence) {
            head.append(" | students over-confident % | students under-confident %");
            rule.append("|---:|---:");
        }
        b.append(head).append(" |\n").append(rule).append("|\n");
        groups.forEach((label, runs) -> {
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | **%s** | %s", label, runs.size(),
                    stat(runs, SamplingRunRecord::searchSeconds, 1, 0), stat(runs, SamplingRunRecord::largestAcc, 100, 2),
                    stat(runs, SamplingRunRecord::smallestAcc, 100, 2), stat(runs, SamplingRunRecord::kendallTau, 1, 3),
                    stat(runs, SamplingRunRecord::spearmanRho, 1, 3)));
            for (double m : budgets) {
                b.append(" | ").append(stat(runs, r -> r.evolutionBest().getOrDefault(m, Double.NaN), 100, 2));
                if (random) {
                    b.append(" | ").append(stat(runs, r -> r.randomBest().getOrDefault(m, Double.NaN), 100, 2));
                }
                b.append(" | **").append(stat(runs, r -> r.retrained().getOrDefault(m, Double.NaN), 100, 2)).append("**");
            }
            if (confidence) {
                b.append(" | ").append(stat(runs, SamplingRunRecord::overConfident, 100, 1)).append(" | ")
                        .append(stat(runs, SamplingRunRecord::underConfident, 100, 1));
            }
            b.append(" |\n");
        });
        b.append("\nMean ± standard deviation over the runs of each method. Validation accuracies are with inherited"
                + " weights and recalibrated BatchNorm; tau and rho compare the supernet's order of the stand-alone"
                + " table's subnets with their stand-alone accuracies"
                + (random ? "; evolution and random search spend the same number of evaluations." : ".")
                + (confidence ? " Over- and under-confident: share of validation images on which a subnet's"
                        + " probability of the largest subnet's predicted class is above or below the largest's by more"
                        + " than the tolerance, mean over the subnets of `distillnas confidence` (by default the"
                        + " smallest and 4 random ones, tolerance 0.01; each run's confidence.json has its own)." : "")
                + "\n\n");
        b.append("| method | seed | largest val % | smallest val % | Kendall tau (subnets)"
                + (random ? " | evolution − random (points) per budget |\n|---|---:|---:|---:|---:|---|\n"
                        : " |\n|---|---:|---:|---:|---:|\n"));
        groups.forEach((label, runs) -> runs.forEach(r -> {
            List<String> gains = new ArrayList<>();
            for (double m : budgets) {
                gains.add(budget(m) + "M: " + num(100 * r.evolutionGain(m), 2));
            }
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s (%d) |", label, r.seed(),
                    num(100 * r.largestAcc(), 2), num(100 * r.smallestAcc(), 2), num(r.kendallTau(), 3),
                    r.rankedSubnets()));
            b.append(random ? " " + String.join(", ", gains) + " |\n" : "\n");
        }));
        cream(b);
        return b.toString();
    }

    /** Cream's own architecture (the board's best path per budget, retrained) and its matching, per run. */
    private void cream(StringBuilder b) {
        List<SamplingRunRecord> runs = groups.values().stream().flatMap(List::stream).filter(r -> r.cream() != null)
                .toList();
        if (runs.isEmpty()) {
            return;
        }
        TreeSet<Double> boardBudgets = new TreeSet<>();
        runs.forEach(r -> boardBudgets.addAll(r.cream().boardRetrained().keySet()));
        b.append("\n| method | seed | board's best path: score % / MFLOPs | rho (last epoch) | look-aheads");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---:");
        for (double m : boardBudgets) {
            b.append(" | ≤").append(budget(m)).append("M board pick retrained test %");
            rule.append("|---:");
        }
        b.append(" |\n").append(rule).append("|\n");
        for (SamplingRunRecord r : runs) {
            SamplingRunRecord.CreamRecord c = r.cream();
            b.append(String.format(Locale.ROOT, "| %s | %d | %s / %s | %s | %d", r.label(), r.seed(),
                    num(c.bestScore(), 1), num(c.bestMflops(), 2), num(c.rhoMean(), 3), c.metaUpdates()));
            for (double m : boardBudgets) {
                b.append(" | ").append(num(100 * c.boardRetrained().getOrDefault(m, Double.NaN), 2));
            }
            b.append(" |\n");
        }
        b.append("\nThe board's scores are a path's top-1 when it entered (on its training batch, or on the held-out"
                + " batch with `--board-scoring held-out`). A board"
                + " pick is the best board entry under the budget (`distillnas board`), retrained like the evolution's"
                + " picks; n/a where the board held no path under the budget.\n");
    }

    /** Every run's evolution front on one plot, one colour per method. */
    public void plotFronts(Path file, String title) {
        Map<String, List<ParetoPlot.Points>> fronts = new LinkedHashMap<>();
        groups.forEach((label, runs) -> runs.forEach(
                r -> fronts.computeIfAbsent(label, k -> new ArrayList<>()).add(r.front())));
        ParetoPlot.writeFronts(file, title, fronts, budgets);
    }

    /** A budget in millions as file names and headings write it: 4 for 4.0, 2.5 for 2.5. */
    public static String budget(double m) {
        return m == Math.rint(m) ? String.valueOf((long) m) : String.valueOf(m);
    }

    private static String stat(List<SamplingRunRecord> runs, ToDoubleFunction<SamplingRunRecord> f, double scale,
            int digits) {
        return ExperimentReport.stat(runs, f, scale, digits);
    }

    private static String num(double v, int digits) {
        return ExperimentReport.num(v, digits);
    }
}
