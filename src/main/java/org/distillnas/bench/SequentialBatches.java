package org.distillnas.bench;

import org.distillnas.data.Batch;
import org.distillnas.data.ImageDataset;

/**
 * Batches taken in data-set order from a contiguous range of images, exactly as the PyTorch
 * reference takes them: batch {@code s} holds images {@code from + (s * size + i) % count}, normalized
 * as {@code (v / 255 - mean) / std} in float arithmetic, without augmentation.
 *
 * <p>The library's {@code BatchStream} shuffles and augments per epoch; the benchmark needs the
 * reference's fixed order instead, so that both programs train on the same images at every step.
 */
final class SequentialBatches {
    private final ImageDataset data;
    private final int from;
    private final int count;
    private final int size;
    private final float mean;
    private final float std;
    private final byte[] scratch;

    /**
     * @param from first image of the range
     * @param count images in the range; indices wrap around inside it
     * @param size images per batch
     */
    SequentialBatches(ImageDataset data, int from, int count, int size, float mean, float std) {
        if (data.channels() != 1) {
            throw new IllegalArgumentException("one normalization channel, but the data have " + data.channels());
        }
        this.data = data;
        this.from = from;
        this.count = count;
        this.size = size;
        this.mean = mean;
        this.std = std;
        this.scratch = new byte[data.imageSize()];
    }

    /** Batch number {@code step}. */
    Batch batch(int step) {
        int n = data.imageSize();
        float[] images = new float[size * n];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            // long arithmetic: step * size overflows int after 33 million steps of 64, cheap to avoid
            int index = from + (int) (((long) step * size + i) % count);
            data.copyImage(index, scratch, 0);
            labels[i] = data.label(index);
            for (int p = 0; p < n; p++) {
                // The same float32 operations, in the same order, as NumPy does in the reference.
                images[i * n + p] = ((scratch[p] & 0xFF) / 255f - mean) / std;
            }
        }
        return new Batch(images, labels, size, data.channels(), data.height(), data.width());
    }
}
