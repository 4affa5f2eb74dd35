package org.distillnas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A data folder holding the first images of the installed Fashion-MNIST, as plain IDX files, for
 * end-to-end tests that train and evaluate through the command line: real images, but a test
 * split of a few hundred, so that every evaluation pass takes a fraction of a second instead of
 * the full 10,000 images' several seconds.
 */
public final class FashionMnistSubset {
    private FashionMnistSubset() {}

    /** Writes {@code train} training and {@code test} test images (with labels) into {@code dir}. */
    public static Path write(Path dir, int train, int test) throws IOException {
        TestData.requireFashionMnist();
        Files.createDirectories(dir);
        copy("train-images-idx3-ubyte", train, dir);
        copy("train-labels-idx1-ubyte", train, dir);
        copy("t10k-images-idx3-ubyte", test, dir);
        copy("t10k-labels-idx1-ubyte", test, dir);
        return dir;
    }

    /** The first {@code count} items of an IDX file: header with the count replaced, then their bytes. */
    private static void copy(String stem, int count, Path dir) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TestData.FASHION.resolve(stem + ".gz")))) {
            all = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        int dims = all[3];
        int header = 4 + 4 * dims;
        long itemBytes = 1;
        for (int d = 1; d < dims; d++) {
            itemBytes *= b.getInt(4 + 4 * d);
        }
        byte[] out = new byte[Math.toIntExact(header + count * itemBytes)];
        System.arraycopy(all, 0, out, 0, out.length);
        ByteBuffer.wrap(out).putInt(4, count);
        Files.write(dir.resolve(stem), out);
    }
}
