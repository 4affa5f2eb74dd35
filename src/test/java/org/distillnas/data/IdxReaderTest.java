package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    private static final String HINT = "HOW-TO-GET";
    private static final int N = 5;
    private static final int H = 3;
    private static final int W = 4;

    @TempDir
    Path dir;

    private final byte[] pixels = TestFiles.patternPixels(N, H * W);
    private final byte[] labels = {0, 3, 9, 1, 3};

    private byte[] imagesFile() {
        return TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {N, H, W}, pixels);
    }

    private byte[] labelsFile() {
        return TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {N}, labels);
    }

    private void assertRoundTrip(ImageDataset d) {
        assertThat(d.name()).isEqualTo("toy");
        assertThat(d.size()).isEqualTo(N);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.height()).isEqualTo(H);
        assertThat(d.width()).isEqualTo(W);
        assertThat(d.numClasses()).isEqualTo(10);
        assertThat(d.labels()).containsExactly(0, 3, 9, 1, 3);
        byte[] all = new byte[N * H * W];
        for (int i = 0; i < N; i++) {
            d.copyImage(i, all, i * H * W);
        }
        assertThat(all).isEqualTo(pixels);
        assertThat(d.pixel(2, 0, 1, 3)).isEqualTo(pixels[2 * H * W + W + 3] & 0xFF);
    }

    @Test
    void readsPlainFiles() {
        Path img = TestFiles.write(dir.resolve("img"), imagesFile());
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        assertRoundTrip(IdxReader.read("toy", img, lab, 10, HINT));
    }

    @Test
    void readsGzipFilesWhateverTheirName() {
        Path img = TestFiles.write(dir.resolve("img.gz"), TestFiles.gzip(imagesFile()));
        // Compression is recognised by content, so a gzipped file without .gz works too.
        Path lab = TestFiles.write(dir.resolve("lab"), TestFiles.gzip(labelsFile()));
        assertRoundTrip(IdxReader.read("toy", img, lab, 10, HINT));
    }

    @Test
    void wrongMagicNamesBothNumbers() {
        Path img = TestFiles.write(dir.resolve("img"), labelsFile());
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                .isInstanceOf(BadInputException.class)
                .hasMessage("corrupt data file " + img + ": expected IDX magic 2051, found 2049; " + HINT);
    }

    @Test
    void truncatedPlainFileGivesExpectedAndFoundSizes() {
        byte[] full = imagesFile();
        Path img = TestFiles.write(dir.resolve("img"), Arrays.copyOf(full, full.length - 7));
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                .isInstanceOf(BadInputException.class)
                .hasMessage("truncated data file " + img + ": expected " + full.length + " bytes, found "
                        + (full.length - 7) + "; " + HINT);
    }

    @Test
    void truncatedGzipFileIsReported() {
        byte[] gz = TestFiles.gzip(imagesFile());
        Path img = TestFiles.write(dir.resolve("img.gz"), Arrays.copyOf(gz, gz.length / 2));
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("truncated data file " + img)
                .hasMessageEndingWith(HINT);
    }

    @Test
    void headerShorterThanMagicIsTruncated() {
        Path img = TestFiles.write(dir.resolve("img"), new byte[] {0, 0});
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                .hasMessage("truncated data file " + img + ": expected 4 bytes, found 2; " + HINT);
    }

    @Test
    void trailingBytesAreCorrupt() {
        byte[] full = imagesFile();
        Path img = TestFiles.write(dir.resolve("img"), Arrays.copyOf(full, full.length + 3));
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                .hasMessageStartingWith("corrupt data file " + img + ": expected " + full.length + " bytes");
    }

    @Test
    void missingFileNamesPathAndHint() {
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        Path img = dir.resolve("absent-images.gz");
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                .hasMessage("missing data file " + img + ": " + HINT);
    }

    @Test
    void countMismatchAndLabelRangeAreCorrupt() {
        Path img = TestFiles.write(dir.resolve("img"), imagesFile());
        Path shortLabels = TestFiles.write(dir.resolve("lab4"),
                TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {4}, new byte[] {0, 1, 2, 3}));
        assertThatThrownBy(() -> IdxReader.read("toy", img, shortLabels, 10, HINT))
                .hasMessageContaining("holds 4 labels but").hasMessageContaining("holds 5 images");
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 9, HINT))
                .hasMessage("corrupt data file " + lab + ": label 2 is 9, expected 0..8; " + HINT);
    }

    @Test
    void oneLineMessages() {
        Path lab = TestFiles.write(dir.resolve("lab"), labelsFile());
        assertThatThrownBy(() -> IdxReader.read("toy", dir.resolve("x"), lab, 10, DatasetKind.FASHION_MNIST.howToGet()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
