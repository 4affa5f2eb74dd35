package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Fn;
import org.distillnas.util.BadInputException;

/**
 * The alpha-divergence from a teacher's distribution p to the student's q = softmax(z), with the
 * importance ratio r = p / q clipped for stability, as AlphaNet (Wang et al. 2021, Eq. 2-4) uses it:
 *
 * <pre>
 *   w_c   = min(r_c^alpha, c)                                      (c = iw_clip)
 *   D_a   = 1 / (alpha (alpha - 1)) * sum_c q_c (w_c - 1)           alpha not in {0, 1}
 *   D_1   = sum_c p_c (log p_c - log q_c)     = KL(p || q)          alpha -> 1
 *   D_0   = -sum_c q_c log min(r_c, c)          = KL(q || p) unclipped, alpha -> 0
 *   L     = 1/N sum_n D(p_n || q_n)
 * </pre>
 *
 * <p>Backward follows the paper's surrogate, in which only log q carries gradient:
 * {@code S = -1/N sum_n sum_c q_nc rho_nc log q_nc} with q and rho detached and
 * {@code rho = w / alpha + 1 / (alpha (alpha - 1))} (alpha -> 1: rho = r, so q rho = p, the KL
 * gradient; alpha -> 0: rho = log min(r, c) - 1). Its gradient with respect to the logits is
 * {@code dS/dz_k = 1/N (q_k sum_c q_c rho_c - q_k rho_k)}, which equals the exact gradient of D
 * wherever the clip is not engaged; where it is, the clipped ratios bound the gradient. The value
 * returned is D (not the surrogate's value, which has no meaning), so logs show the divergence.
 *
 * <p>Numerics: log q comes from log-softmax and log p from max(p, 1e-30), r^alpha is formed as
 * exp(alpha (log p - log q)) and an overflow to infinity is cut by the clip; at alpha -> 1 the
 * products q r are computed as p, so one-hot teachers and logits 1e4 apart give finite values and
 * gradients. The alpha -> 1 limit is the plain KL divergence and is not clipped: its weights p are
 * already bounded. Alphas within 1e-3 of 0 or 1 use the limits. The clip makes D a bound rather
 * than the divergence where it is engaged, and outside [0, 1] the clipped value can fall below 0
 * (alpha = 3, a student certain of a class its teacher rules out: D = -1/6 instead of infinity).
 */
public final class AlphaDivergenceLoss implements DistillationLoss {
    /** Floor under p inside the logarithm. */
    static final double TINY = 1e-30;
    /** Alphas this close to 0 or 1 use the limit formulas (the general one cancels catastrophically). */
    static final double LIMIT = 1e-3;
    /** AlphaNet's clip of the importance ratio. */
    public static final double DEFAULT_IW_CLIP = 5.0;

    private final double alpha;
    private final double iwClip;

    /**
     * @param alpha any finite number; 1 is KL(p||q), 0 is KL(q||p), 0.5 four times the squared
     *     Hellinger distance
     * @param iwClip c > 0, the upper clip of r^alpha
     */
    public AlphaDivergenceLoss(double alpha, double iwClip) {
        if (!Double.isFinite(alpha)) {
            throw new BadInputException("--kd-alpha " + alpha + ": expected a finite number");
        }
        if (!(iwClip > 0) || Double.isInfinite(iwClip)) {
            throw new BadInputException("--iw-clip " + iwClip + ": expected a finite number > 0");
        }
        this.alpha = alpha;
        this.iwClip = iwClip;
    }

    public double alpha() {
        return alpha;
    }

    public double iwClip() {
        return iwClip;
    }

    @Override
    public NDArray loss(NDArray studentLogits, NDArray teacherProbs) {
        Terms t = terms(studentLogits, teacherProbs);
        return valueWithGradientOf(t.divergence().mean(), t.surrogate().mean());
    }

    /**
     * The divergence and the surrogate of each sample.
     *
     * @param divergence (N) D(p_n || q_n), detached
     * @param surrogate (N) -sum_c q rho log q, whose gradient is the loss's
     */
    public record Terms(NDArray divergence, NDArray surrogate) {}

    /** Per-sample terms (the adaptive divergence picks between two of them). */
    public Terms terms(NDArray studentLogits, NDArray teacherProbs) {
        NDArray logQ = studentLogits.logSoftmax(1);
        NDArray logQd = logQ.stopGradient();
        NDArray q = logQd.exp();
        NDArray p = teacherProbs.stopGradient();
        NDArray logR = p.maximum(Fn.scalar(p, TINY)).log().sub(logQd);
        NDArray divergence;
        NDArray weights; // q_c rho_c, detached
        if (Math.abs(alpha - 1) < LIMIT) {
            divergence = p.mul(logR).sum(new int[] {1});
            weights = p;
        } else if (Math.abs(alpha) < LIMIT) {
            NDArray logRc = logR.minimum(Fn.scalar(logR, Math.log(iwClip)));
            divergence = q.mul(logRc).sum(new int[] {1}).neg();
            weights = q.mul(logRc.sub(1));
        } else {
            double base = 1 / (alpha * (alpha - 1));
            NDArray w = logR.mul(Fn.scalar(logR, alpha)).exp().minimum(Fn.scalar(logR, iwClip));
            divergence = q.mul(w.sub(1)).sum(new int[] {1}).mul(Fn.scalar(q, base));
            weights = q.mul(w.mul(Fn.scalar(w, 1 / alpha)).add(Fn.scalar(w, base)));
        }
        NDArray surrogate = weights.stopGradient().mul(logQ).sum(new int[] {1}).neg();
        return new Terms(divergence.stopGradient(), surrogate);
    }

    /**
     * An array with the value of {@code value} and the gradient of {@code surrogate}:
     * {@code value + (surrogate - detach(surrogate))}, whose second term is exactly 0.
     */
    static NDArray valueWithGradientOf(NDArray value, NDArray surrogate) {
        return surrogate.sub(surrogate.stopGradient()).add(value.stopGradient());
    }
}
