package org.distillnas;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real data the end-to-end tests run on. A missing data set fails those tests (so that a
 * machine without it cannot pass them by skipping), unless {@code -Ddistillnas.test.requireData=false}
 * asks to skip them instead.
 */
public final class TestData {
    /** Debian's {@code dataset-fashion-mnist}. */
    public static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private TestData() {}

    /** Fails (or, when allowed, skips) the calling test when Fashion-MNIST is not installed. */
    public static void requireFashionMnist() {
        if (Files.isRegularFile(FASHION.resolve("train-images-idx3-ubyte.gz"))) {
            return;
        }
        String message = "Fashion-MNIST not found in " + FASHION + ": install it with 'apt-get install dataset-fashion-mnist'"
                + " (or run with -Ddistillnas.test.requireData=false to skip the end-to-end tests)";
        if (Boolean.parseBoolean(System.getProperty("distillnas.test.requireData", "true"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }
}
