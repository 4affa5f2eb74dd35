package org.distillnas.strategy;

/**
 * What a search method changes in the settings the user leaves open: how its supernet is built,
 * when its architecture steps start, and the paper preset's training settings. A method registered
 * without its own uses {@link #DARTS}.
 *
 * @param partialChannels K of the partial channel connections (1: every channel)
 * @param edgeNormalization edge normalisation with per-edge parameters beta
 * @param archStartFraction share of the epochs that only train the weights before architecture
 *     steps start (the warm-up)
 * @param paperBatchSize batch size of the paper preset
 * @param paperLr initial weight learning rate of the paper preset
 * @param paperLrMin final weight learning rate of the paper preset
 * @param paperArchLr architecture learning rate of the paper preset
 */
public record MethodDefaults(int partialChannels, boolean edgeNormalization, double archStartFraction,
        int paperBatchSize, double paperLr, double paperLrMin, double paperArchLr) {

    /** DARTS (Liu et al. 2019): full channels, architecture steps from the first epoch. */
    public static final MethodDefaults DARTS = new MethodDefaults(1, false, 0, 64, 0.025, 0.001, 3e-4);

    /**
     * PC-DARTS (Xu et al. 2020) on CIFAR-10: K = 4, edge normalisation, alphas frozen for the first
     * 15 of 50 epochs, batch 256, weight lr 0.1 annealed to 0, architecture lr 6e-4 (the paper
     * and its search script).
     */
    public static final MethodDefaults PC_DARTS = new MethodDefaults(4, true, 0.3, 256, 0.1, 0.0, 6e-4);

    /** The warm-up in epochs: round(fraction x epochs), always short of the last epoch. */
    public int archStartEpoch(int epochs) {
        return (int) Math.min(Math.round(archStartFraction * epochs), epochs - 1);
    }
}
