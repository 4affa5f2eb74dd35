package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Drop-path (Larsson et al., FractalNet; used by DARTS's evaluation networks): in training, each
 * op output on a cell edge is zeroed for a whole sample with probability p and scaled by 1/(1-p)
 * otherwise. Masks come from a Java generator seeded per training step, so a resumed run draws
 * the same masks.
 */
public final class DropPath {
    private double probability;
    private SplittableRandom rng = new SplittableRandom(0);

    /** Sets the drop probability and the seed of this step's masks (0 turns it off). */
    public void prepare(double probability, long stepSeed) {
        if (probability < 0 || probability >= 1) {
            throw new IllegalArgumentException("drop-path probability " + probability + " not in [0, 1)");
        }
        this.probability = probability;
        this.rng = new SplittableRandom(stepSeed);
    }

    /** {@code x * mask / (1 - p)} with a per-sample Bernoulli(1 - p) mask; x itself when off. */
    public NDArray apply(NDArray x, boolean training) {
        if (!training || probability == 0) {
            return x;
        }
        int n = (int) x.getShape().get(0);
        float keep = (float) (1 - probability);
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextDouble() < keep ? 1f / keep : 0f;
        }
        NDArray m = x.getManager().create(mask, new Shape(n, 1, 1, 1)).toType(x.getDataType(), false);
        return x.mul(m);
    }
}
