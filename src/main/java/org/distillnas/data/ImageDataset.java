package org.distillnas.data;

import java.util.Arrays;
import org.distillnas.util.BadInputException;

/**
 * An in-memory set of labelled images, stored as unsigned bytes in NCHW order.
 *
 * <p>Whole data sets (CIFAR's 150 MB of pixels) live in one array, so the constructor takes
 * ownership of the arrays it is given instead of copying them; callers must not change them
 * afterwards. Every method that returns a data set returns a new one or this one, never a view
 * whose content could change.
 */
public final class ImageDataset {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;

    /**
     * @param name the data set's name, e.g. {@code cifar10}; subsets keep it, so that code keyed
     *     by name (such as {@link Normalization#of(String)}) still recognises them
     * @param pixels {@code labels.length * channels * height * width} bytes, NCHW
     * @param labels one class index in {@code [0, numClasses)} per image
     * @throws BadInputException if the sizes disagree or a label is out of range
     */
    public ImageDataset(String name, byte[] pixels, int[] labels, int channels, int height, int width,
            int numClasses) {
        if (name == null || pixels == null || labels == null) {
            throw new BadInputException("image data set needs a name, pixels and labels");
        }
        if (channels <= 0 || height <= 0 || width <= 0 || numClasses <= 0) {
            throw new BadInputException("image data set '" + name + "' has shape " + channels + "x" + height
                    + "x" + width + " and " + numClasses + " classes: all must be positive");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new BadInputException("image data set '" + name + "' has " + pixels.length + " pixel bytes but "
                    + labels.length + " images of " + channels + "x" + height + "x" + width + " need " + expected);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new BadInputException("image data set '" + name + "': image " + i + " has label " + labels[i]
                        + ", expected 0.." + (numClasses - 1));
            }
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
    }

    public String name() {
        return name;
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Bytes per image: channels * height * width. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The class index of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels, in image order. */
    public int[] labels() {
        return labels.clone();
    }

    /** Copies image {@code i} (CHW, {@link #imageSize()} bytes) into {@code dst} at {@code dstOffset}. */
    public void copyImage(int i, byte[] dst, int dstOffset) {
        checkIndex(i);
        int n = imageSize();
        System.arraycopy(pixels, i * n, dst, dstOffset, n);
    }

    /** Pixel value (0..255) of image {@code i} at channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int i, int c, int y, int x) {
        checkIndex(i);
        return pixels[((i * channels + c) * height + y) * width + x] & 0xFF;
    }

    /** The images at {@code indices}, in that order (repeats allowed), copied into a new data set. */
    public ImageDataset subset(int[] indices) {
        int n = imageSize();
        byte[] px = new byte[Math.multiplyExact(indices.length, n)];
        int[] lb = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            checkIndex(i);
            System.arraycopy(pixels, i * n, px, k * n, n);
            lb[k] = labels[i];
        }
        return new ImageDataset(name, px, lb, channels, height, width, numClasses);
    }

    /** The first {@code n} images; this data set itself if {@code n <= 0} or {@code n >= size()}. */
    public ImageDataset limit(int n) {
        if (n <= 0 || n >= size()) {
            return this;
        }
        return new ImageDataset(name, Arrays.copyOf(pixels, n * imageSize()), Arrays.copyOf(labels, n),
                channels, height, width, numClasses);
    }

    /** The backing array, for the batch builder's hot loop; never handed outside the package. */
    byte[] pixelArray() {
        return pixels;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("image " + i + " of data set '" + name + "' with " + labels.length
                    + " images");
        }
    }

    @Override
    public String toString() {
        return name + ": " + size() + " images " + channels + "x" + height + "x" + width + ", " + numClasses
                + " classes";
    }
}
