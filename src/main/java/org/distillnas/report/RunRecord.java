package org.distillnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.util.BadInputException;

/**
 * What one finished search run says about itself, read from its folder: its configuration, the
 * genotype and the shares of parameter-free ops in it, the discretisation gap, the per-epoch
 * sharpness, and (when the genotype was retrained into {@code RUN_DIR/model}) the test accuracy.
 *
 * @param label the run's configuration in short: method, plus {@code +rf} / {@code +sd} for switches
 *     the method's name does not already say
 * @param sharpness per epoch (NaN where not tracked, or tracked by a version before the
 *     {@code sharpness_solver} field, whose estimates were noise)
 * @param testTop1 retrained test accuracy, NaN when there is no {@code model/results.json}
 * @param measuredSharpness the sharpness {@code distillnas sharpness} measured afresh from the last
 *     checkpoint ({@code sharpness.json}), NaN when it was not run
 */
public record RunRecord(Path dir, String label, long seed, Genotype genotype, double skipShare, double noneShare,
        double poolShare, double supernetAcc, double discreteAcc, double gap, List<Double> sharpness, double testTop1,
        double measuredSharpness) {

    /** Parameter-free ops: the ones a collapsing search piles up. */
    static final Set<String> POOLS = Set.of("avg_pool_3x3", "max_pool_3x3");

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RunRecord read(Path dir) {
        JsonNode config = json(dir.resolve("config.json"), "a search run's config.json");
        JsonNode summary = json(dir.resolve("summary.json"), "the summary of a finished search");
        Genotype g = GenotypeJson.read(dir.resolve("genotype.json"));
        List<String> ops = g.ops();
        double n = ops.size();
        double skip = ops.stream().filter("skip_connect"::equals).count() / n;
        double none = ops.stream().filter("none"::equals).count() / n;
        double pool = ops.stream().filter(POOLS::contains).count() / n;
        List<Double> sharp = new ArrayList<>();
        for (JsonNode line : JsonlWriter.readAll(dir.resolve("metrics.jsonl"))) {
            if ("epoch".equals(line.path("type").asText())) {
                int e = line.path("epoch").asInt();
                while (sharp.size() <= e) {
                    sharp.add(Double.NaN);
                }
                // Lines without a solver were tracked with a finite-difference radius of 1e-5,
                // which measured ReLU jumps rather than curvature (see eval.Sharpness): not reported.
                sharp.set(e, line.has("sharpness_solver") ? line.path("sharpness").asDouble(Double.NaN) : Double.NaN);
            }
        }
        Path results = dir.resolve("model").resolve("results.json");
        double test = Files.isRegularFile(results) ? json(results, "a model's results.json").path("test_top1").asDouble(Double.NaN)
                : Double.NaN;
        Path measured = dir.resolve("sharpness.json");
        double measuredSharpness = Files.isRegularFile(measured)
                ? json(measured, "the result of 'distillnas sharpness'").path("eigenvalue").asDouble(Double.NaN)
                : Double.NaN;
        return new RunRecord(dir, label(config), config.path("seed").asLong(), g, skip, none, pool,
                summary.path("supernet_val_acc").asDouble(Double.NaN),
                summary.path("discrete_inherited_val_acc").asDouble(Double.NaN),
                summary.path("discretization_gap").asDouble(Double.NaN), List.copyOf(sharp), test,
                measuredSharpness);
    }

    /** The parameter-free share: skip + none + pooling. */
    public double parameterFreeShare() {
        return skipShare + noneShare + poolShare;
    }

    /** The last tracked sharpness, NaN if none was tracked. */
    public double finalSharpness() {
        for (int i = sharpness.size() - 1; i >= 0; i--) {
            if (!sharpness.get(i).isNaN()) {
                return sharpness.get(i);
            }
        }
        return Double.NaN;
    }

    public static String label(JsonNode config) {
        String method = config.path("method").asText("?");
        StringBuilder b = new StringBuilder(method);
        if (config.at("/random_features/enabled").asBoolean(false) && !method.startsWith("rf-")) {
            b.append("+rf");
        }
        if (config.at("/self_distill/enabled").asBoolean(false) && !method.startsWith("sd-")) {
            b.append("+sd");
        }
        return b.toString();
    }

    /** A JSON file, or one line naming it and what was expected there. */
    static JsonNode json(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + " is missing: expected " + what);
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + " is not valid JSON (" + e.getMessage() + "): expected " + what, e);
        }
    }
}
