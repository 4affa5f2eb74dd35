package org.distillnas.cli;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.strategy.Methods;
import org.distillnas.strategy.SamplingConfig;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Option;

/** The options of {@code search} for the sampling methods (spos, sandwich); resolved into a {@link SamplingConfig}. */
final class SamplingOptions {
    /** Cream of the Crop's pre-set probabilities of the 6 choices k3e4, k3e6, k5e4, k5e6, k7e4, k7e6. */
    static final List<Double> CREAM_WEIGHTS = List.of(0.05, 0.2, 0.05, 0.5, 0.05, 0.15);

    @Option(names = "--weight-sharing", paramLabel = "MODE",
            description = "choice (independent weights per layer and choice, as SPOS and Cream) or elastic (one set of weights, smaller kernels and widths are slices, as BigNAS and AlphaNet) (default: spos choice, sandwich and alphanet elastic).")
    String weightSharing;

    @Option(names = "--sandwich-random", paramLabel = "N",
            description = "Random subnets per sandwich step between the largest and the smallest (default: 2).")
    Integer sandwichRandom;

    @Option(names = "--flops-window", paramLabel = "MIN,MAX",
            description = "Redraw sampled subnets until their multiply-adds (millions, lookup table) lie in [MIN, MAX]; MAX 0 = no upper end (default: no window).")
    String flopsWindow;

    @Option(names = "--choice-weights", paramLabel = "W,W,...|cream",
            description = "Pre-set probabilities of each layer's (kernel, expand) choices, kernel-major (k3e4, k3e6, k5e4, ...), instead of uniform; 'cream' = Cream's reference 0.05,0.2,0.05,0.5,0.05,0.15 for its 6 choices.")
    String choiceWeights;

    @Option(names = "--grad-clip-value", paramLabel = "V",
            description = "Clamp every gradient element to [-V, V] before the step, 0 = off (default: sandwich and alphanet 1.0 as AlphaNet, spos off).")
    Double gradClipValue;

    @Option(names = "--recalibration-batches", paramLabel = "N",
            description = "Training batches that recompute BatchNorm statistics before a subnet is scored with inherited weights (default: 20).")
    Integer recalibrationBatches;

    @Option(names = "--label-smoothing", paramLabel = "EPS",
            description = "Label smoothing of the sandwich step's largest subnet, the one trained on the labels (default: alphanet 0.1 as AlphaNet, otherwise 0).")
    Double labelSmoothing;

    @Option(names = "--no-decay-norm-bias", negatable = true,
            description = "No weight decay on BatchNorm scales and shifts and on biases (default: on in alphanet's paper preset, as AlphaNet; off otherwise).")
    Boolean noDecayNormOrBias;

    @Option(names = "--lr-warmup-epochs", paramLabel = "W",
            description = "Epochs of linear learning-rate warm-up before the cosine annealing (default: 5 in alphanet's paper preset, as AlphaNet; otherwise 0).")
    Integer lrWarmupEpochs;

    /** Whether any option of this group was given. */
    boolean any() {
        return weightSharing != null || sandwichRandom != null || flopsWindow != null || choiceWeights != null
                || gradClipValue != null || recalibrationBatches != null || labelSmoothing != null
                || noDecayNormOrBias != null || lrWarmupEpochs != null;
    }

    /**
     * The settings for {@code method}: its defaults (AlphaNet's paper preset adds its reference's BN
     * recalibration on 64 batches and no weight decay on BatchNorm and biases), then explicit options.
     */
    SamplingConfig resolve(String method, boolean paper) {
        boolean alphanetPaper = paper && method.equals(Methods.ALPHANET);
        SamplingConfig d = SamplingConfig.defaults();
        double[] window = window();
        boolean sandwichRule = method.equals("sandwich") || method.equals(Methods.ALPHANET);
        if (labelSmoothing != null && !sandwichRule) {
            throw new BadInputException("--label-smoothing applies to the sandwich rule's largest subnet (sandwich, "
                    + "alphanet), not --method " + method);
        }
        return new SamplingConfig(weightSharing, sandwichRandom != null ? sandwichRandom : d.sandwichRandom(), window[0],
                window[1], weights(), gradClipValue != null ? gradClipValue : sandwichRule ? 1.0 : 0.0,
                recalibrationBatches != null ? recalibrationBatches : alphanetPaper ? 64 : d.recalibrationBatches(),
                labelSmoothing != null ? labelSmoothing : method.equals(Methods.ALPHANET) ? 0.1 : 0.0,
                noDecayNormOrBias != null ? noDecayNormOrBias : alphanetPaper,
                lrWarmupEpochs != null ? lrWarmupEpochs : alphanetPaper ? 5 : 0);
    }

    private double[] window() {
        if (flopsWindow == null) {
            return new double[] {0, 0};
        }
        String[] parts = flopsWindow.split(",", -1);
        try {
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException("--flops-window '" + flopsWindow + "': expected MIN,MAX in millions of multiply-adds, e.g. 2,8");
    }

    private List<Double> weights() {
        if (choiceWeights == null) {
            return List.of();
        }
        if (choiceWeights.equals("cream")) {
            return CREAM_WEIGHTS;
        }
        List<Double> out = new ArrayList<>();
        for (String w : choiceWeights.split(",", -1)) {
            try {
                out.add(Double.parseDouble(w.strip()));
            } catch (NumberFormatException e) {
                throw new BadInputException("--choice-weights '" + choiceWeights + "': '" + w
                        + "' is not a number; expected comma-separated weights or 'cream'");
            }
        }
        return out;
    }
}
