package org.distillnas.strategy.darts;

/**
 * DARTS's hyper-parameters (defaults of the DARTS paper for CIFAR-10).
 *
 * @param secondOrder use the unrolled (second-order) architecture gradient, DARTS Eq. 7-8
 * @param momentum SGD momentum of the network weights
 * @param weightDecay L2 weight decay of the network weights
 * @param nesterov Nesterov momentum (NAS-Bench-201's search setting)
 * @param gradClip clip the weights' gradient to this global L2 norm (0 = off)
 * @param archBeta1 Adam beta1 of the architecture weights
 * @param archBeta2 Adam beta2 of the architecture weights
 * @param archWeightDecay L2 weight decay of the architecture weights
 * @param archStartEpoch first epoch (0-based) with architecture updates; earlier epochs only
 *     train the weights (PC-DARTS's warm-up)
 */
public record DartsOptions(boolean secondOrder, double momentum, double weightDecay, boolean nesterov,
        double gradClip, double archBeta1, double archBeta2, double archWeightDecay, int archStartEpoch) {

    public static DartsOptions defaults(boolean secondOrder) {
        return new DartsOptions(secondOrder, 0.9, 3e-4, false, 5.0, 0.5, 0.999, 1e-3, 0);
    }
}
