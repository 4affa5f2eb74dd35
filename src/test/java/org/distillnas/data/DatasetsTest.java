package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    private boolean isEmpty(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void loadsInstalledFashionMnist() {
        org.distillnas.TestData.requireFashionMnist();
        DataSplits s = Datasets.load(DatasetKind.FASHION_MNIST, null, false);
        assertThat(s.train().size()).isEqualTo(60_000);
        assertThat(s.test().size()).isEqualTo(10_000);
        assertThat(s.train().numClasses()).isEqualTo(10);
        assertThat(s.train().channels()).isEqualTo(1);
        assertThat(s.train().height()).isEqualTo(28);
        assertThat(s.train().width()).isEqualTo(28);
        assertThat(s.train().name()).isEqualTo("fashion-mnist");
        int[] perClass = new int[10];
        for (int label : s.train().labels()) {
            perClass[label]++;
        }
        assertThat(perClass).containsOnly(6000);
        // The published statistics are those of this training set.
        Normalization n = Normalization.estimate(s.train());
        assertThat(n.mean()[0]).isCloseTo(0.2860f, within(5e-4f));
        assertThat(n.std()[0]).isCloseTo(0.3530f, within(5e-4f));
    }

    @Test
    void missingFashionMnistNamesFileAndDebianPackage() {
        assertThatThrownBy(() -> Datasets.load(DatasetKind.FASHION_MNIST, dir, false))
                .isInstanceOf(BadInputException.class)
                .hasMessage("missing data file " + dir.resolve("train-images-idx3-ubyte.gz")
                        + ": install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist),"
                        + " or pass --download, or point --data-dir at a folder holding it");
    }

    @Test
    void fashionMnistFromAFolderOfPlainAndGzipFiles() {
        byte[] px = TestFiles.patternPixels(3, 28 * 28);
        TestFiles.write(dir.resolve("train-images-idx3-ubyte"),
                TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {3, 28, 28}, px));
        TestFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"),
                TestFiles.gzip(TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {1, 2, 3})));
        TestFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"),
                TestFiles.gzip(TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {1, 28, 28}, new byte[784])));
        TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
                TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {1}, new byte[] {9}));
        DataSplits s = Datasets.load(DatasetKind.FASHION_MNIST, dir, false);
        assertThat(s.train().labels()).containsExactly(1, 2, 3);
        assertThat(s.test().labels()).containsExactly(9);
    }

    @Test
    void downloadIsTriedOnlyWhenAskedAndLeavesNothingOnMismatch() throws Exception {
        DownloaderTest.FakeFetcher f = new DownloaderTest.FakeFetcher();
        f.fallback = new byte[] {1, 2, 3};
        assertThatThrownBy(() -> Datasets.load(DatasetKind.FASHION_MNIST, dir, false, new Downloader(f)))
                .hasMessageStartingWith("missing data file");
        assertThat(f.requests).isEmpty();
        assertThatThrownBy(() -> Datasets.load(DatasetKind.FASHION_MNIST, dir, true, new Downloader(f)))
                .hasMessageContaining("expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d");
        assertThat(f.requests).containsExactly(
                URI.create(Downloader.FASHION_MNIST_URL + "train-images-idx3-ubyte.gz"));
        assertThatThrownBy(() -> Datasets.load(DatasetKind.CIFAR10, dir, true, new Downloader(f)))
                .hasMessageContaining("expected c32a1d4ab5d03f1284b67883e8d87530");
        assertThat(isEmpty(dir)).isTrue();
    }

    @Test
    void cifarFromTheParentOrTheUnpackedFolderItself() {
        CifarReaderTest.writeCifar10(dir.resolve("cifar-10-batches-bin"));
        DataSplits fromParent = Datasets.load(DatasetKind.CIFAR10, dir, false);
        assertThat(fromParent.train().size()).isEqualTo(10);
        assertThat(fromParent.test().size()).isEqualTo(3);
        DataSplits fromFolder = Datasets.load(DatasetKind.CIFAR10, dir.resolve("cifar-10-batches-bin"), false);
        assertThat(fromFolder.train().labels()).isEqualTo(fromParent.train().labels());

        CifarReaderTest.writeCifar100(dir.resolve("cifar-100-binary"));
        DataSplits c100 = Datasets.load(DatasetKind.CIFAR100, dir, false);
        assertThat(c100.train().size()).isEqualTo(4);
        assertThat(c100.test().numClasses()).isEqualTo(100);
    }

    @Test
    void missingCifarSaysHowToGetIt() {
        assertThatThrownBy(() -> Datasets.load(DatasetKind.CIFAR100, dir, false))
                .hasMessageStartingWith("missing data file " + dir.resolve("cifar-100-binary/train.bin")
                        + ": pass --download");
    }

    @Test
    void imageFolderWithTrainAndTestParts() {
        TestFiles.rgbImage(dir.resolve("train/cat/1.png"), 4, 4, 0, 0, 0, "png");
        TestFiles.rgbImage(dir.resolve("train/dog/1.png"), 4, 4, 9, 9, 9, "png");
        // A greyscale test image joins colour training images as three equal channels.
        TestFiles.greyPng(dir.resolve("test/cat/1.png"), 4, 4, 5);
        TestFiles.rgbImage(dir.resolve("test/dog/1.png"), 4, 4, 9, 9, 9, "png");
        DataSplits s = Datasets.load(DatasetKind.IMAGE_FOLDER, dir, false);
        assertThat(s.train().size()).isEqualTo(2);
        assertThat(s.test().channels()).isEqualTo(3);
        assertThat(s.test().pixel(0, 2, 1, 1)).isEqualTo(16);
        assertThat(s.test().labels()).containsExactly(0, 1);
        assertThat(s.train().name()).isEqualTo(dir.getFileName().toString());
    }

    @Test
    void imageFolderAcceptsValAndResizes() {
        TestFiles.greyPng(dir.resolve("train/a/1.png"), 6, 6, 0);
        TestFiles.greyPng(dir.resolve("val/a/1.png"), 3, 3, 0);
        assertThatThrownBy(() -> Datasets.load(DatasetKind.IMAGE_FOLDER, dir, false))
                .hasMessageContaining("are 3x3 but those in");
        DataSplits s = Datasets.imageFolder(dir, 4, 5);
        assertThat(s.test().height()).isEqualTo(4);
        assertThat(s.test().width()).isEqualTo(5);
        assertThat(s.train().height()).isEqualTo(4);
    }

    @Test
    void imageFolderProblemsAreNamed() {
        assertThatThrownBy(() -> Datasets.load(DatasetKind.IMAGE_FOLDER, null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("the image-folder dataset has no default location: point --data-dir");
        assertThatThrownBy(() -> Datasets.load(DatasetKind.IMAGE_FOLDER, dir, false))
                .hasMessageStartingWith("missing image folder " + dir.resolve("train"));
        TestFiles.greyPng(dir.resolve("train/a/1.png"), 2, 2, 0);
        TestFiles.greyPng(dir.resolve("train/b/1.png"), 2, 2, 0);
        assertThatThrownBy(() -> Datasets.load(DatasetKind.IMAGE_FOLDER, dir, false))
                .hasMessageStartingWith("missing image folder " + dir.resolve("test") + " (or val)");
        TestFiles.greyPng(dir.resolve("test/a/1.png"), 2, 2, 0);
        assertThatThrownBy(() -> Datasets.load(DatasetKind.IMAGE_FOLDER, dir, false))
                .hasMessageContaining("has classes [a] but [a, b] were expected");
        Path colour = TestFiles.rgbImage(dir.resolve("test/b/1.png"), 2, 2, 1, 2, 3, "png");
        assertThatThrownBy(() -> Datasets.load(DatasetKind.IMAGE_FOLDER, dir, false))
                .hasMessageStartingWith("image " + colour + " is in colour");
    }
}
