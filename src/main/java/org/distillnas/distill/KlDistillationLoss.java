package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.Fn;
import org.distillnas.util.BadInputException;

/**
 * Knowledge distillation with temperature (Hinton et al., 2015): the KL divergence from the
 * teacher's target p to the student's softened prediction q, scaled by T^2,
 *
 * <pre>
 *   q_n = softmax(z_n / T)
 *   L   = T^2 / N * sum_n KL(p_n || q_n) = T^2 / N * sum_n sum_c p_nc (log p_nc - log q_nc)
 * </pre>
 *
 * <p>Its gradient with respect to the student's logits is {@code dL/dz_nc = T / N * (q_nc - p_nc)}:
 * the T^2 factor undoes the 1/T^2 by which softening shrinks the gradient, so that the term keeps its
 * weight relative to the cross-entropy whatever T is (Hinton et al., Sec. 2). Terms with p_nc = 0
 * count as 0 (the limit of p log p). The target should already be softened by T where it is a
 * teacher's softmax ({@code softmax(teacherLogits / T)}); that is the caller's business, since
 * aggregated or smoothed one-hot targets have no logits.
 */
public final class KlDistillationLoss implements DistillationLoss {
    /** Floor under p inside the logarithm, so that p log p is 0 (not NaN) at p = 0. */
    private static final double TINY = 1e-30;

    private final double temperature;

    /** @param temperature T > 0; T = 1 is the plain KL divergence */
    public KlDistillationLoss(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new BadInputException("distillation temperature " + temperature + ": expected a finite number > 0");
        }
        this.temperature = temperature;
    }

    public double temperature() {
        return temperature;
    }

    @Override
    public NDArray loss(NDArray studentLogits, NDArray teacherProbs) {
        NDArray logQ = studentLogits.div(Fn.scalar(studentLogits, temperature)).logSoftmax(1);
        NDArray logP = teacherProbs.maximum(Fn.scalar(teacherProbs, TINY)).log();
        NDArray perSample = teacherProbs.mul(logP.sub(logQ)).sum(new int[] {1});
        NDArray mean = perSample.mean();
        return mean.mul(Fn.scalar(mean, temperature * temperature));
    }
}
