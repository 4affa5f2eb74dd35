package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.distillnas.util.BadInputException;

/**
 * AlphaNet's adaptive alpha-divergence (Wang et al. 2021, Eq. 5): per sample, the larger of two
 * clipped alpha-divergences ({@link AlphaDivergenceLoss}), one at a negative alpha that punishes a
 * student more confident than its teacher (q large where p is small) and one at a positive alpha
 * that punishes a student less confident than its teacher (q small where p is large):
 *
 * <pre>
 *   L = 1/N sum_n max(D_{alpha_min}(p_n || q_n), D_{alpha_max}(p_n || q_n))
 * </pre>
 *
 * <p>Each sample's gradient is the surrogate gradient of the divergence that won; a tie goes to
 * alpha_max. Defaults: alpha_min = -1, alpha_max = +1 (so the larger of a clipped chi-square-like
 * divergence and KL(p||q)), iw_clip = 5.
 */
public final class AdaptiveAlphaDivergenceLoss implements DistillationLoss {
    public static final double DEFAULT_ALPHA_MIN = -1;
    public static final double DEFAULT_ALPHA_MAX = 1;

    private final AlphaDivergenceLoss low;
    private final AlphaDivergenceLoss high;

    public AdaptiveAlphaDivergenceLoss(double alphaMin, double alphaMax, double iwClip) {
        if (!(alphaMin <= alphaMax) || !Double.isFinite(alphaMin) || !Double.isFinite(alphaMax)) {
            throw new BadInputException("--alpha-min " + alphaMin + " / --alpha-max " + alphaMax
                    + ": expected finite numbers with alpha-min <= alpha-max");
        }
        this.low = new AlphaDivergenceLoss(alphaMin, iwClip);
        this.high = new AlphaDivergenceLoss(alphaMax, iwClip);
    }

    @Override
    public NDArray loss(NDArray studentLogits, NDArray teacherProbs) {
        Choice c = choose(studentLogits, teacherProbs);
        return AlphaDivergenceLoss.valueWithGradientOf(c.divergence().mean(), c.surrogate().mean());
    }

    /**
     * Each sample's chosen terms.
     *
     * @param lowChosen (N) 1 where alpha_min's divergence was the larger, else 0 (the student's type)
     */
    public record Choice(NDArray divergence, NDArray surrogate, NDArray lowChosen) {}

    public Choice choose(NDArray studentLogits, NDArray teacherProbs) {
        AlphaDivergenceLoss.Terms a = low.terms(studentLogits, teacherProbs);
        AlphaDivergenceLoss.Terms b = high.terms(studentLogits, teacherProbs);
        NDArray pick = a.divergence().gt(b.divergence()).toType(a.divergence().getDataType(), false);
        NDArray rest = pick.neg().add(1);
        NDArray divergence = a.divergence().mul(pick).add(b.divergence().mul(rest));
        NDArray surrogate = a.surrogate().mul(pick).add(b.surrogate().mul(rest));
        return new Choice(divergence, surrogate, pick);
    }

    /** The share of the batch's samples on which alpha_min's divergence was chosen. */
    public static double lowShare(Choice c) {
        try (NDArray m = c.lowChosen().toType(DataType.FLOAT64, false).mean()) {
            return m.getDouble();
        }
    }
}
