package org.distillnas.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.util.BadInputException;

/**
 * One mini-batch of normalized images (float, NCHW) and their class labels.
 *
 * <p>The arrays are shared, not copied: a batch is built once per training step and handed
 * straight to the engine, so copying would only cost time.
 *
 * @param images {@code size * channels * height * width} floats, NCHW
 * @param labels {@code size} class indices
 * @param indices {@code size} indices of the samples in the data set the batch was cut from (what
 *     per-sample caches are keyed by, e.g. cached teacher outputs), or null when unknown
 */
public record Batch(float[] images, int[] labels, int size, int channels, int height, int width, int[] indices) {

    /** A batch whose samples' places in a data set are not known. */
    public Batch(float[] images, int[] labels, int size, int channels, int height, int width) {
        this(images, labels, size, channels, height, width, null);
    }

    public Batch {
        if (size <= 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new BadInputException("batch shape " + size + "x" + channels + "x" + height + "x" + width
                    + " must be positive in every dimension");
        }
        if (labels.length != size || images.length != (long) size * channels * height * width) {
            throw new BadInputException("batch of " + size + " images " + channels + "x" + height + "x" + width
                    + " got " + images.length + " floats and " + labels.length + " labels");
        }
        if (indices != null && indices.length != size) {
            throw new BadInputException("batch of " + size + " images got " + indices.length + " sample indices");
        }
    }

    /** The images as a float32 array of shape (size, channels, height, width) owned by {@code m}. */
    public NDArray x(NDManager m) {
        return m.create(images, new Shape(size, channels, height, width));
    }

    /** The labels as an int64 array of shape (size), the type cross-entropy losses index with. */
    public NDArray y(NDManager m) {
        long[] wide = new long[size];
        for (int i = 0; i < size; i++) {
            wide[i] = labels[i];
        }
        return m.create(wide, new Shape(size));
    }
}
