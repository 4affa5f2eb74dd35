package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distillnas.mutation.MemoryTempDir;
import org.distillnas.mutation.MutationRun;
import org.distillnas.mutation.Mutations;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CIFAR batch files that were cut short, had bytes flipped or gained bytes: {@link CifarReader}
 * reads them or refuses them with one line naming the file.
 */
class CifarMutationTest {
    private static final String HINT = "HOW-TO-GET";

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    /** The files of the case being run and their label bytes per record, from maker to reader. */
    private record Batches(List<Path> files, int labelBytes) {}

    private Batches current;

    @Test
    void damagedBatchesAreReadOrRefusedByName() {
        MutationRun.Tally t = MutationRun.of("cifar", 7_311L, 2_500).run((r, index) -> {
            int lb = 1 + r.nextInt(2);
            List<Path> files = new ArrayList<>();
            int damaged = r.nextInt(1 + r.nextInt(3));
            int count = Math.max(damaged + 1, 1 + r.nextInt(3));
            Mutations.Mutated m = null;
            for (int f = 0; f < count; f++) {
                byte[] bytes = records(r, lb);
                if (f == damaged) {
                    // Label bytes are the part whose damage the reader can see; aim there half the time.
                    m = r.nextBoolean() ? Mutations.any(bytes, r) : Mutations.flipIn(bytes, 0, lb, r);
                    bytes = m.bytes();
                }
                files.add(TestFiles.write(dir.resolve("case" + index).resolve("batch" + f + ".bin"), bytes));
            }
            current = new Batches(files, lb);
            return new MutationRun.Input(files.get(damaged), m.how());
        }, in -> {
            int lb = current.labelBytes();
            ImageDataset d = CifarReader.read("toy", current.files(), lb, lb - 1, lb == 1 ? 10 : 100, HINT);
            assertThat(d.size()).isPositive();
        });
        assertThat(t.rejected()).isGreaterThan(t.cases() / 3);
        assertThat(t.accepted()).isGreaterThan(t.cases() / 10);
    }

    /** A 3 GB file (sparse, so it costs no disk): refused from its size before anything is read. */
    @Test
    @Timeout(5)
    void aFileTooLargeForOneArrayIsRefusedByNameBeforeReading() throws Exception {
        Path file = dir.resolve("huge.bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(3073L * 1_000_000);
        }
        assertThatThrownBy(() -> CifarReader.read("toy", List.of(file), 1, 0, 10, HINT))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString());
    }

    /** One to three records, each a random label (sometimes out of range) and pattern pixels. */
    private static byte[] records(Random r, int labelBytes) {
        int n = 1 + r.nextInt(3);
        int[][] labels = new int[n][labelBytes];
        for (int[] record : labels) {
            for (int l = 0; l < labelBytes; l++) {
                record[l] = r.nextInt(labelBytes == 1 ? 10 : 100);
            }
        }
        return TestFiles.cifarRecords(labels, r.nextInt(50));
    }
}
