package org.distillnas.distill;

import org.distillnas.util.BadInputException;

/**
 * The weight of the distillation term by epoch, with an optional linear warm-up:
 *
 * <pre>
 *   lambda_e = lambda * min(1, e / W)    for W > 0 (e = 0-based epoch)
 *   lambda_e = lambda                    for W = 0
 * </pre>
 *
 * <p>So with W warm-up epochs the first epoch has no distillation term, epoch W and later the full
 * weight; the teachers of the first epochs are young supernets whose predictions are little better
 * than chance.
 *
 * @param lambda the full weight, >= 0
 * @param warmupEpochs W >= 0
 */
public record LambdaSchedule(double lambda, int warmupEpochs) {
    public LambdaSchedule {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new BadInputException("--sd-lambda " + lambda + ": expected a finite number >= 0");
        }
        if (warmupEpochs < 0) {
            throw new BadInputException("--sd-warmup-epochs " + warmupEpochs + ": expected 0 or more");
        }
    }

    /** The weight in 0-based epoch {@code epoch}. */
    public double at(int epoch) {
        return warmupEpochs == 0 ? lambda : lambda * Math.min(1.0, (double) epoch / warmupEpochs);
    }
}
