package org.distillnas.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.util.BadInputException;

/**
 * Settings of the sampling methods (SPOS, the sandwich rule and those built on them): how the
 * supernet shares weights and how each step picks its subnets. A run folder written before they
 * existed, or by a DARTS-family method, reads as {@link #defaults()}.
 *
 * @param weightSharing {@code choice} or {@code elastic}; null: the method's own ({@code spos}:
 *     choice, as SPOS and Cream; {@code sandwich}: elastic, as BigNAS and AlphaNet)
 * @param sandwichRandom random subnets per sandwich step between the largest and the smallest
 *     (default 2: AlphaNet's 4 subnets per step)
 * @param flopsMinM lower end of the FLOPs window in millions of multiply-adds (0: none); a
 *     sampled subnet outside the window is drawn again
 * @param flopsMaxM upper end of the window (0: none)
 * @param choiceWeights pre-set probabilities of each layer's (kernel, expand) choices, kernel-major;
 *     null or empty: uniform. Cream's reference uses (0.05, 0.2, 0.05, 0.5, 0.05, 0.15)
 * @param gradClipValue clamp of every gradient element to [-v, v] before the step (0: off; the
 *     sandwich rule's reference clips values at 1.0)
 * @param recalibrationBatches training batches over which BatchNorm statistics are recomputed
 *     before a subnet is evaluated with inherited weights (default 20)
 * @param labelSmoothing label smoothing of the sandwich step's largest subnet, the one that learns
 *     from the labels (default: alphanet 0.1 as AlphaNet, otherwise 0)
 * @param noDecayNormOrBias no weight decay on BatchNorm scales and shifts and on biases (default:
 *     off; on in alphanet's paper preset, as AlphaNet's reference)
 * @param lrWarmupEpochs epochs of linear learning-rate warm-up before the cosine annealing (default
 *     0; 5 in alphanet's paper preset, as AlphaNet's reference, which warms up per iteration)
 */
public record SamplingConfig(
        @JsonProperty("weight_sharing") String weightSharing,
        @JsonProperty("sandwich_random") int sandwichRandom,
        @JsonProperty("flops_min_m") double flopsMinM,
        @JsonProperty("flops_max_m") double flopsMaxM,
        @JsonProperty("choice_weights") List<Double> choiceWeights,
        @JsonProperty("grad_clip_value") double gradClipValue,
        @JsonProperty("recalibration_batches") int recalibrationBatches,
        @JsonProperty("label_smoothing") double labelSmoothing,
        @JsonProperty("no_decay_norm_or_bias") boolean noDecayNormOrBias,
        @JsonProperty("lr_warmup_epochs") int lrWarmupEpochs) {

    /** Sampled subnets outside the FLOPs window are redrawn at most this many times per step. */
    public static final int MAX_DRAWS = 10_000;

    public SamplingConfig {
        if (weightSharing != null) {
            WeightSharing.byLabel(weightSharing);
        }
        if (sandwichRandom < 0) {
            throw new BadInputException("--sandwich-random " + sandwichRandom + ": expected 0 or more");
        }
        if (flopsMinM < 0 || flopsMaxM < 0 || flopsMaxM > 0 && flopsMaxM < flopsMinM) {
            throw new BadInputException("--flops-window " + flopsMinM + "," + flopsMaxM
                    + ": expected 0 <= min <= max (MFLOPs; max 0 = no upper end)");
        }
        choiceWeights = choiceWeights == null ? List.of() : List.copyOf(choiceWeights);
        for (double w : choiceWeights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new BadInputException("--choice-weights " + choiceWeights + ": expected finite weights >= 0");
            }
        }
        if (!choiceWeights.isEmpty() && choiceWeights.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new BadInputException("--choice-weights " + choiceWeights + ": expected at least one positive weight");
        }
        if (!(gradClipValue >= 0)) {
            throw new BadInputException("--grad-clip-value " + gradClipValue + ": expected 0 (off) or a positive number");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new BadInputException("--label-smoothing " + labelSmoothing + ": expected a number in [0, 1)");
        }
        if (lrWarmupEpochs < 0) {
            throw new BadInputException("--lr-warmup-epochs " + lrWarmupEpochs + ": expected 0 or more");
        }
        if (recalibrationBatches < 1) {
            recalibrationBatches = 20;
        }
    }

    /** Uniform sampling, the method's weight sharing, 2 random sandwich subnets, no window, no value clip. */
    public static SamplingConfig defaults() {
        return new SamplingConfig(null, 2, 0, 0, List.of(), 0, 20, 0, false, 0);
    }

    /** The weight sharing in force: the configured one, else the method's. */
    public WeightSharing sharing(WeightSharing methodDefault) {
        return weightSharing == null ? methodDefault : WeightSharing.byLabel(weightSharing);
    }

    /** The choice weights as an array, or null for uniform sampling. */
    public double[] choiceWeightArray() {
        return choiceWeights.isEmpty() ? null : choiceWeights.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Whether a subnet of {@code macs} multiply-adds lies in the FLOPs window. */
    public boolean inWindow(long macs) {
        double m = macs / 1e6;
        return m >= flopsMinM && (flopsMaxM == 0 || m <= flopsMaxM);
    }

    public boolean hasWindow() {
        return flopsMinM > 0 || flopsMaxM > 0;
    }
}
