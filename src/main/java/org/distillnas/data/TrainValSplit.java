package org.distillnas.data;

import java.util.Arrays;
import java.util.Random;
import org.distillnas.util.BadInputException;

/**
 * A data set cut in two disjoint parts, e.g. the DARTS search's halves: one to train weights on,
 * one to train architecture parameters on.
 */
public record TrainValSplit(ImageDataset train, ImageDataset val) {

    /**
     * Shuffles {@code full} with {@code seed} and gives the first {@code floor(trainFraction * n)}
     * images to {@code train}, the rest to {@code val}.
     *
     * <p>Both parts keep the shuffled order rather than the original one: folders and some files
     * are sorted by class, and {@link ImageDataset#limit} on a sorted part would keep few classes.
     *
     * @throws BadInputException if the fraction is not strictly between 0 and 1, or leaves a part empty
     */
    public static TrainValSplit of(ImageDataset full, double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new BadInputException("train fraction " + trainFraction + " is not strictly between 0 and 1");
        }
        int n = full.size();
        int nTrain = (int) Math.floor(trainFraction * n);
        if (nTrain == 0 || nTrain == n) {
            throw new BadInputException("train fraction " + trainFraction + " of the " + n + " images of '"
                    + full.name() + "' leaves an empty " + (nTrain == 0 ? "training" : "validation") + " part");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new TrainValSplit(full.subset(Arrays.copyOfRange(order, 0, nTrain)),
                full.subset(Arrays.copyOfRange(order, nTrain, n)));
    }
}
