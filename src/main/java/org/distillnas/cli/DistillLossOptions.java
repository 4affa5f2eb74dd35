package org.distillnas.cli;

import org.distillnas.distill.AdaptiveAlphaDivergenceLoss;
import org.distillnas.distill.AlphaDivergenceLoss;
import org.distillnas.distill.DistillLossConfig;
import org.distillnas.strategy.Methods;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Option;

/**
 * The distillation-loss options of {@code search}, shared by the distilling methods (alphanet's
 * in-place distillation, the DARTS family's self-distillation); resolved into a
 * {@link DistillLossConfig}.
 */
final class DistillLossOptions {
    @Option(names = "--kd-loss", paramLabel = "LOSS",
            description = "Distillation loss: kl (KL divergence), alpha (alpha-divergence at --kd-alpha) or adaptive (per sample the larger of the alpha-divergences at --alpha-min and --alpha-max, AlphaNet) (default: alphanet adaptive, self-distillation kl).")
    String kind;

    @Option(names = "--kd-alpha", paramLabel = "A",
            description = "The alpha of --kd-loss alpha: 1 is KL(teacher||student), 0 KL(student||teacher) (default: 0.5).")
    Double alpha;

    @Option(names = "--alpha-min", paramLabel = "A",
            description = "Negative end of the adaptive alpha-divergence; penalises over-confident students (default: -1).")
    Double alphaMin;

    @Option(names = "--alpha-max", paramLabel = "A",
            description = "Positive end of the adaptive alpha-divergence; penalises under-confident students (default: 1).")
    Double alphaMax;

    @Option(names = "--iw-clip", paramLabel = "C",
            description = "Upper clip of the importance weight (teacher/student probability)^alpha of the alpha losses (default: 5).")
    Double iwClip;

    boolean any() {
        return kind != null || alpha != null || alphaMin != null || alphaMax != null || iwClip != null;
    }

    /**
     * The loss settings of a run of {@code method}; {@code distils} says whether the run distils at
     * all (alphanet, sd-darts, --self-distill). Options given to a run that does not distil are an
     * error rather than silently ignored.
     */
    DistillLossConfig resolve(String method, boolean distils) {
        if (any() && method.equals(Methods.CREAM)) {
            throw new BadInputException("--kd-loss, --kd-alpha, --alpha-min, --alpha-max and --iw-clip choose a "
                    + "distillation loss, but --method cream has its own, (rho KD + (2 - rho) CE) / 2 with KD the "
                    + "cross-entropy to the teacher's softmax: expected alphanet, sd-darts or --self-distill");
        }
        if (any() && !distils) {
            throw new BadInputException("--kd-loss, --kd-alpha, --alpha-min, --alpha-max and --iw-clip choose a "
                    + "distillation loss, but --method " + method + " does not distil: expected alphanet, sd-darts or "
                    + "--self-distill");
        }
        String k = kind != null ? kind : method.equals(Methods.ALPHANET) ? "adaptive" : "kl";
        // a number the chosen loss does not read would be ignored: refuse it
        if (alpha != null && !k.equals("alpha")) {
            throw new BadInputException("--kd-alpha applies to --kd-loss alpha, not " + k);
        }
        if ((alphaMin != null || alphaMax != null) && !k.equals("adaptive")) {
            throw new BadInputException("--alpha-min and --alpha-max apply to --kd-loss adaptive, not " + k);
        }
        if (iwClip != null && k.equals("kl")) {
            throw new BadInputException("--iw-clip applies to --kd-loss alpha and adaptive, not kl");
        }
        return new DistillLossConfig(k, or(alpha, DistillLossConfig.DEFAULT_ALPHA),
                or(alphaMin, AdaptiveAlphaDivergenceLoss.DEFAULT_ALPHA_MIN),
                or(alphaMax, AdaptiveAlphaDivergenceLoss.DEFAULT_ALPHA_MAX), or(iwClip, AlphaDivergenceLoss.DEFAULT_IW_CLIP));
    }

    private static double or(Double v, double fallback) {
        return v != null ? v : fallback;
    }
}
