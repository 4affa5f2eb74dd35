package org.distillnas.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Compares finished search runs grouped by configuration (e.g. DARTS vs RF-DARTS over three seeds):
 * a Markdown table of means and standard deviations per group, and one row per run.
 */
public final class ExperimentReport {
    private final Map<String, List<RunRecord>> groups = new LinkedHashMap<>();

    public ExperimentReport(List<RunRecord> runs) {
        runs.forEach(r -> groups.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
    }

    public Map<String, List<RunRecord>> groups() {
        return groups;
    }

    /**
     * The per-group table, then the per-run table. A column for the sharpness measured afresh by
     * {@code distillnas sharpness} appears when any run has it.
     */
    public String markdown() {
        boolean measured = groups.values().stream().flatMap(List::stream)
                .anyMatch(r -> Double.isFinite(r.measuredSharpness()));
        String mHead = measured ? " | measured final sharpness" : "";
        String mRule = measured ? "---:|" : "";
        StringBuilder b = new StringBuilder();
        b.append("| configuration | runs | skip share | none share | pool share | parameter-free share"
                + " | retrained test top-1 % | supernet val % | discrete (inherited) val % | gap (points)"
                + " | final sharpness" + mHead + " |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + mRule
                + "\n");
        groups.forEach((label, runs) -> b.append(String.format(Locale.ROOT,
                "| %s | %d | %s | %s | %s | **%s** | **%s** | %s | %s | %s | %s%s |%n", label, runs.size(),
                stat(runs, RunRecord::skipShare, 1), stat(runs, RunRecord::noneShare, 1),
                stat(runs, RunRecord::poolShare, 1), stat(runs, RunRecord::parameterFreeShare, 1),
                stat(runs, RunRecord::testTop1, 100), stat(runs, RunRecord::supernetAcc, 100),
                stat(runs, RunRecord::discreteAcc, 100), stat(runs, RunRecord::gap, 100),
                stat(runs, RunRecord::finalSharpness, 1),
                measured ? " | **" + stat(runs, RunRecord::measuredSharpness, 1) + "**" : "")));
        b.append("\nMean ± standard deviation over the runs of each configuration (shares: fraction of the"
                + " genotype's edges).\n\n");
        b.append("| configuration | seed | genotype | retrained test top-1 % | gap (points) | final sharpness" + mHead
                + " |\n|---|---:|---|---:|---:|---:|" + mRule + "\n");
        groups.forEach((label, runs) -> runs.forEach(r -> b.append(String.format(Locale.ROOT,
                "| %s | %d | `%s` | %s | %s | %s%s |%n", label, r.seed(), r.genotype().toString().replace("|", "\\|"),
                num(r.testTop1() * 100, 2), num(r.gap() * 100, 2), num(r.finalSharpness(), 3),
                measured ? " | " + num(r.measuredSharpness(), 3) : ""))));
        return b.toString();
    }

    /** "mean ± sd" of the finite values (just the value for one run, "n/a" for none). */
    static String stat(List<RunRecord> runs, ToDoubleFunction<RunRecord> f, double scale) {
        return stat(runs, f, scale, scale == 1 ? 3 : 2);
    }

    /** "mean ± sd" of the finite values of any records, scaled, with {@code digits} decimals. */
    static <T> String stat(List<T> runs, ToDoubleFunction<T> f, double scale, int digits) {
        double[] v = runs.stream().mapToDouble(f).filter(Double::isFinite).map(x -> x * scale).toArray();
        if (v.length == 0) {
            return "n/a";
        }
        double mean = mean(v);
        if (v.length == 1) {
            return num(mean, digits);
        }
        return num(mean, digits) + " ± " + num(sd(v, mean), digits);
    }

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n - 1). */
    public static double sd(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** {@code v} with {@code digits} decimals, "n/a" when it is not finite. */
    static String num(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "n/a";
    }
}
