package org.distillnas.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.distillnas.util.BadInputException;

/**
 * Cuts a data set into normalized, augmented mini-batches, one epoch at a time, with random
 * access to any batch of any epoch.
 *
 * <p>Reproducibility is the point of the design. An epoch's order is a permutation drawn from a
 * {@link Random} seeded by a mix of (seed, epoch), and each sample's augmentation by a mix of
 * (seed, epoch, sample index in the data set). Nothing depends on which batches were built
 * before, so a run resumed at epoch 17 sees exactly the batches the uninterrupted run saw, and
 * the same image in the same epoch is always augmented the same way.
 *
 * <p>Safe to use from several threads.
 */
public final class BatchStream {
    private final ImageDataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int batches;
    private final SampleWriter writer;
    private final Normalization norm;
    private final Augmentation aug;
    /** The most recent epoch's order: a training loop asks for it once per step. */
    private volatile EpochOrder cached;

    private record EpochOrder(int epoch, int[] order) {}

    /**
     * @param norm per-channel statistics; must have as many channels as {@code data}
     * @param shuffle draw a new order every epoch; otherwise batches follow the data set's order
     * @param dropLast leave out the last batch when it would be smaller than {@code batchSize}
     * @throws BadInputException on a bad batch size, a channel mismatch, or no batch at all
     */
    public BatchStream(ImageDataset data, Normalization norm, Augmentation aug, int batchSize, boolean shuffle,
            boolean dropLast, long seed) {
        if (batchSize <= 0) {
            throw new BadInputException("batch size " + batchSize + " must be at least 1");
        }
        if (norm.channels() != data.channels()) {
            throw new BadInputException("normalization has " + norm.channels() + " channels but data set '"
                    + data.name() + "' has " + data.channels());
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.batches = dropLast ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize;
        if (batches == 0) {
            // An epoch without a step would make training silently do nothing.
            throw new BadInputException("data set '" + data.name() + "' has " + data.size()
                    + " images, too few for one full batch of " + batchSize + " when the last batch is dropped");
        }
        this.writer = new SampleWriter(norm, aug, data.channels(), data.height(), data.width());
        this.norm = norm;
        this.aug = aug;
    }

    /**
     * This stream over the first {@code images} images of its data set only (the same
     * normalization, augmentation, batch size and order rule): a cheaper evaluation on a prefix.
     * This stream itself when {@code images} is 0 or at least the data set's size.
     */
    public BatchStream firstImages(int images) {
        ImageDataset prefix = data.limit(images);
        return prefix == data ? this : new BatchStream(prefix, norm, aug, batchSize, shuffle, dropLast, seed);
    }

    /** Batches in every epoch. */
    public int batchesPerEpoch() {
        return batches;
    }

    public int batchSize() {
        return batchSize;
    }

    public ImageDataset data() {
        return data;
    }

    /**
     * Batch {@code index} of epoch {@code epoch}: always the same images, augmented the same way.
     * The batch carries its samples' indices in {@link #data()}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, batchesPerEpoch())}
     */
    public Batch batch(int epoch, int index) {
        if (index < 0 || index >= batches) {
            throw new IndexOutOfBoundsException("batch " + index + " of an epoch with " + batches + " batches");
        }
        int[] order = order(epoch);
        int start = index * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int imageSize = data.imageSize();
        byte[] pixels = data.pixelArray();
        float[] images = new float[size * imageSize];
        int[] labels = new int[size];
        int[] indices = java.util.Arrays.copyOfRange(order, start, start + size);
        for (int k = 0; k < size; k++) {
            int sample = indices[k];
            labels[k] = data.label(sample);
            writer.write(pixels, sample * imageSize, SeedMix.mix(seed, epoch, sample), images, k * imageSize);
        }
        return new Batch(images, labels, size, data.channels(), data.height(), data.width(), indices);
    }

    /** The batches of {@code epoch} in order, built lazily one per {@code next()}. */
    public Iterator<Batch> epoch(int epoch) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (next >= batches) {
                    throw new NoSuchElementException("epoch " + epoch + " has only " + batches + " batches");
                }
                return batch(epoch, next++);
            }
        };
    }

    /** The data set indices in the order epoch {@code epoch} visits them; shared, do not modify. */
    int[] order(int epoch) {
        EpochOrder c = cached;
        if (c != null && c.epoch() == epoch) {
            return c.order();
        }
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random random = new Random(SeedMix.mix(seed, epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cached = new EpochOrder(epoch, order);
        return order;
    }
}
