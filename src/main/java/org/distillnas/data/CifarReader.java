package org.distillnas.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.util.BadInputException;

/**
 * Reads the "binary version" of CIFAR-10 and CIFAR-100: files of fixed-size records, each a
 * label (CIFAR-100: a coarse then a fine label byte) followed by a 32x32 colour image as 3072
 * bytes in CHW order, exactly the layout {@link ImageDataset} keeps.
 */
public final class CifarReader {
    /** Pixel bytes per record: 3 channels of 32x32. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;

    private CifarReader() {}

    /**
     * CIFAR-10 from {@code batchesDir} (the archive's {@code cifar-10-batches-bin} folder): the
     * five {@code data_batch_N.bin} files for training, {@code test_batch.bin} for testing.
     */
    public static ImageDataset cifar10(Path batchesDir, boolean train, String howToGet) {
        List<Path> files = new ArrayList<>();
        if (train) {
            for (int i = 1; i <= 5; i++) {
                files.add(batchesDir.resolve("data_batch_" + i + ".bin"));
            }
        } else {
            files.add(batchesDir.resolve("test_batch.bin"));
        }
        return read(DatasetKind.CIFAR10.cliName(), files, 1, 0, 10, howToGet);
    }

    /**
     * CIFAR-100 from {@code binaryDir} (the archive's {@code cifar-100-binary} folder): {@code train.bin}
     * or {@code test.bin}, labelled with the 100 fine classes.
     */
    public static ImageDataset cifar100(Path binaryDir, boolean train, String howToGet) {
        Path file = binaryDir.resolve(train ? "train.bin" : "test.bin");
        return read(DatasetKind.CIFAR100.cliName(), List.of(file), 2, 1, 100, howToGet);
    }

    /**
     * Concatenates the records of {@code files}.
     *
     * @param labelBytes label bytes before each image
     * @param labelIndex which of them is the label to keep
     */
    static ImageDataset read(String name, List<Path> files, int labelBytes, int labelIndex, int numClasses,
            String howToGet) {
        int recordSize = labelBytes + IMAGE_BYTES;
        long[] counts = new long[files.size()];
        long total = 0;
        // Sizes first: a missing or short last file is reported before 150 MB are read.
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            long size = sizeOf(file, howToGet);
            if (size == 0 || size % recordSize != 0) {
                throw DataFileErrors.corrupt(file, "its " + size + " bytes are not a whole, non-zero number of "
                        + recordSize + "-byte records", howToGet);
            }
            counts[f] = size / recordSize;
            total += counts[f];
            if (total * IMAGE_BYTES > Integer.MAX_VALUE) {
                throw DataFileErrors.corrupt(file, "its " + counts[f] + " records bring data set '" + name + "' to "
                        + total + " images, more than the " + Integer.MAX_VALUE / IMAGE_BYTES + " one array can hold",
                        howToGet);
            }
        }
        byte[] pixels = new byte[(int) total * IMAGE_BYTES];
        int[] labels = new int[(int) total];
        int image = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            byte[] bytes = readAll(file, howToGet);
            if (bytes.length != counts[f] * recordSize) {
                throw new BadInputException("data file " + file + " changed while it was being read");
            }
            for (int r = 0; r < counts[f]; r++, image++) {
                int off = r * recordSize;
                int label = bytes[off + labelIndex] & 0xFF;
                if (label >= numClasses) {
                    throw DataFileErrors.corrupt(file, "record " + r + " has label " + label + ", expected 0.."
                            + (numClasses - 1), howToGet);
                }
                labels[image] = label;
                System.arraycopy(bytes, off + labelBytes, pixels, image * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return new ImageDataset(name, pixels, labels, 3, 32, 32, numClasses);
    }

    private static long sizeOf(Path file, String howToGet) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw DataFileErrors.missing(file, howToGet);
        } catch (IOException e) {
            throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path file, String howToGet) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DataFileErrors.missing(file, howToGet);
        } catch (IOException e) {
            throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }
}
