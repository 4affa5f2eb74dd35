package org.distillnas.data;

import java.util.Arrays;
import java.util.Locale;
import org.distillnas.util.BadInputException;

/**
 * Per-channel mean and standard deviation, on the 0..1 pixel scale, that turn a pixel value
 * {@code v} into {@code (v / 255 - mean) / std}.
 *
 * <p>The arrays are copied in and out, so a normalization cannot change once made.
 */
public record Normalization(float[] mean, float[] std) {

    /** Fashion-MNIST training-set statistics. */
    public static final Normalization FASHION_MNIST = new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

    /** CIFAR-10 training-set statistics, as used by the DARTS code. */
    public static final Normalization CIFAR10 = new Normalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    /** CIFAR-100 training-set statistics, as used by the DARTS code. */
    public static final Normalization CIFAR100 = new Normalization(
            new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});

    /** Standard deviations below this are treated as 1: a constant channel carries no signal to scale up. */
    private static final double MIN_STD = 1e-6;

    public Normalization {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new BadInputException("normalization needs one mean and one std per channel, got "
                    + (mean == null ? "none" : mean.length) + " and " + (std == null ? "none" : std.length));
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new BadInputException("normalization channel " + c + " has mean " + mean[c] + " and std "
                        + std[c] + ": the std must be positive and both finite");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Number of channels. */
    public int channels() {
        return mean.length;
    }

    /**
     * The published statistics of a built-in data set, by its command-line name.
     *
     * @throws BadInputException for any other name (image folders use {@link #estimate})
     */
    public static Normalization of(String datasetName) {
        String key = datasetName == null ? "" : datasetName.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "fashion-mnist":
                return FASHION_MNIST;
            case "cifar10":
                return CIFAR10;
            case "cifar100":
                return CIFAR100;
            default:
                throw new BadInputException("no built-in normalization for dataset '" + datasetName
                        + "': expected one of fashion-mnist, cifar10, cifar100 (image folders estimate theirs)");
        }
    }

    /** The built-in statistics for a built-in kind, else statistics estimated on {@code train}. */
    public static Normalization of(DatasetKind kind, ImageDataset train) {
        return kind == DatasetKind.IMAGE_FOLDER ? estimate(train) : of(kind.cliName());
    }

    /** Per-channel mean and population standard deviation of all pixels of {@code d}. */
    public static Normalization estimate(ImageDataset d) {
        if (d.size() == 0) {
            throw new BadInputException("cannot estimate a normalization for the empty data set '" + d.name() + "'");
        }
        int channels = d.channels();
        int plane = d.height() * d.width();
        // Histograms instead of running sums: exact, and immune to float cancellation on big sets.
        long[][] histogram = new long[channels][256];
        byte[] px = d.pixelArray();
        for (int i = 0, off = 0; i < d.size(); i++) {
            for (int c = 0; c < channels; c++) {
                long[] h = histogram[c];
                for (int end = off + plane; off < end; off++) {
                    h[px[off] & 0xFF]++;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double count = (double) d.size() * plane;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double sumSq = 0;
            for (int v = 0; v < 256; v++) {
                double x = v / 255.0;
                sum += histogram[c][v] * x;
                sumSq += histogram[c][v] * x * x;
            }
            double m = sum / count;
            double s = Math.sqrt(Math.max(0, sumSq / count - m * m));
            mean[c] = (float) m;
            std[c] = (float) (s < MIN_STD ? 1.0 : s);
        }
        return new Normalization(mean, std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
