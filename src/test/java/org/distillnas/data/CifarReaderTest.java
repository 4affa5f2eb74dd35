package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
    private static final String HINT = "HOW-TO-GET";

    @TempDir
    Path dir;

    /** Writes the six CIFAR-10 files, two records per training batch and three for test. */
    static void writeCifar10(Path batches) {
        for (int b = 1; b <= 5; b++) {
            TestFiles.write(batches.resolve("data_batch_" + b + ".bin"),
                    TestFiles.cifarRecords(new int[][] {{b}, {9 - b}}, 2 * (b - 1)));
        }
        TestFiles.write(batches.resolve("test_batch.bin"), TestFiles.cifarRecords(new int[][] {{0}, {5}, {9}}, 0));
    }

    /** Writes CIFAR-100's train.bin (4 records) and test.bin (2 records). */
    static void writeCifar100(Path folder) {
        TestFiles.write(folder.resolve("train.bin"),
                TestFiles.cifarRecords(new int[][] {{0, 99}, {19, 42}, {3, 0}, {7, 7}}, 0));
        TestFiles.write(folder.resolve("test.bin"), TestFiles.cifarRecords(new int[][] {{1, 50}, {2, 60}}, 0));
    }

    @Test
    void readsCifar10BatchesInOrder() {
        writeCifar10(dir);
        ImageDataset train = CifarReader.cifar10(dir, true, HINT);
        assertThat(train.name()).isEqualTo("cifar10");
        assertThat(train.size()).isEqualTo(10);
        assertThat(train.channels()).isEqualTo(3);
        assertThat(train.height()).isEqualTo(32);
        assertThat(train.width()).isEqualTo(32);
        assertThat(train.numClasses()).isEqualTo(10);
        assertThat(train.labels()).containsExactly(1, 8, 2, 7, 3, 6, 4, 5, 5, 4);
        byte[] expected = TestFiles.patternPixels(10, CifarReader.IMAGE_BYTES);
        byte[] image = new byte[CifarReader.IMAGE_BYTES];
        for (int i = 0; i < 10; i++) {
            train.copyImage(i, image, 0);
            for (int k = 0; k < image.length; k += 97) {
                assertThat(image[k]).isEqualTo(expected[i * CifarReader.IMAGE_BYTES + k]);
            }
        }
        // CHW: the green plane starts 1024 bytes in.
        assertThat(train.pixel(3, 1, 0, 0)).isEqualTo(expected[3 * 3072 + 1024] & 0xFF);

        ImageDataset test = CifarReader.cifar10(dir, false, HINT);
        assertThat(test.labels()).containsExactly(0, 5, 9);
    }

    @Test
    void readsCifar100FineLabels() {
        writeCifar100(dir);
        ImageDataset train = CifarReader.cifar100(dir, true, HINT);
        assertThat(train.name()).isEqualTo("cifar100");
        assertThat(train.numClasses()).isEqualTo(100);
        assertThat(train.labels()).containsExactly(99, 42, 0, 7);
        assertThat(CifarReader.cifar100(dir, false, HINT).labels()).containsExactly(50, 60);
        assertThat(train.pixel(1, 2, 31, 31)).isEqualTo(
                TestFiles.patternPixels(2, CifarReader.IMAGE_BYTES)[3072 + 3071] & 0xFF);
    }

    @Test
    void lengthNotAMultipleOfTheRecordIsCorrupt() {
        Path f = TestFiles.write(dir.resolve("test_batch.bin"), new byte[3073 + 100]);
        assertThatThrownBy(() -> CifarReader.cifar10(dir, false, HINT))
                .isInstanceOf(BadInputException.class)
                .hasMessage("corrupt data file " + f
                        + ": its 3173 bytes are not a whole, non-zero number of 3073-byte records; " + HINT);
        TestFiles.write(f, new byte[0]);
        assertThatThrownBy(() -> CifarReader.cifar10(dir, false, HINT)).hasMessageContaining("its 0 bytes");
    }

    @Test
    void labelOutOfRangeNamesRecord() {
        Path f = TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(new int[][] {{1}, {10}}, 0));
        assertThatThrownBy(() -> CifarReader.cifar10(dir, false, HINT))
                .hasMessage("corrupt data file " + f + ": record 1 has label 10, expected 0..9; " + HINT);
        Path g = TestFiles.write(dir.resolve("test.bin"), TestFiles.cifarRecords(new int[][] {{1, 100}}, 0));
        assertThatThrownBy(() -> CifarReader.cifar100(dir, false, HINT))
                .hasMessage("corrupt data file " + g + ": record 0 has label 100, expected 0..99; " + HINT);
    }

    @Test
    void missingBatchIsNamedBeforeAnythingIsRead() throws Exception {
        writeCifar10(dir);
        Path gone = dir.resolve("data_batch_4.bin");
        Files.delete(gone);
        assertThatThrownBy(() -> CifarReader.cifar10(dir, true, HINT))
                .hasMessage("missing data file " + gone + ": " + HINT);
    }

    @Test
    void genericReaderConcatenatesFiles() {
        Path a = TestFiles.write(dir.resolve("a"), TestFiles.cifarRecords(new int[][] {{2}}, 0));
        Path b = TestFiles.write(dir.resolve("b"), TestFiles.cifarRecords(new int[][] {{1}, {0}}, 1));
        ImageDataset d = CifarReader.read("x", List.of(a, b), 1, 0, 3, HINT);
        assertThat(d.labels()).containsExactly(2, 1, 0);
        assertThat(d.numClasses()).isEqualTo(3);
    }
}
