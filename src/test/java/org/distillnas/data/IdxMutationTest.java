package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.distillnas.mutation.MemoryTempDir;
import org.distillnas.mutation.MutationRun;
import org.distillnas.mutation.Mutations;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX files that were cut short, had bytes flipped or declare sizes far beyond their length,
 * plain and gzip-compressed: {@link IdxReader} reads them or refuses them with one line naming
 * the file.
 */
class IdxMutationTest {
    private static final String HINT = "HOW-TO-GET";

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @Test
    void damagedFilesAreReadOrRefusedByName() {
        MutationRun.Tally t = MutationRun.of("idx", 20_261_130L, 3_000)
                // A gzip stream may legitimately expand a thousandfold.
                .allocationLimit(2_100, 64L << 20)
                .run(this::damagedPair, in -> {
                    Path caseDir = in.file().getParent();
                    ImageDataset d = IdxReader.read("toy", caseDir.resolve("img"), caseDir.resolve("lab"), 10, HINT);
                    assertThat(d.size()).isPositive();
                });
        assertThat(t.rejected()).isGreaterThan(t.cases() / 2);
        assertThat(t.accepted()).isPositive();
    }

    /** An images file claiming 2^31 images (0x80000000, which Java reads as negative). */
    @Test
    @Timeout(5)
    void twoToTheThirtyOneImagesIsRefusedBeforeAllocating() {
        Path img = TestFiles.write(dir.resolve("img"), TestFiles.idx(IdxReader.IMAGES_MAGIC,
                new int[] {Integer.MIN_VALUE, 28, 28}, new byte[28 * 28]));
        Path lab = TestFiles.write(dir.resolve("lab"), TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {1}, new byte[1]));
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(img.toString())
                .hasMessageContaining("2147483648");
    }

    /** The same claim inside gzip, whose real size is known only by reading. */
    @Test
    @Timeout(5)
    void hugeImageCountInGzipIsRefusedBeforeAllocating() {
        for (int count : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 3_000_000}) {
            Path img = TestFiles.write(dir.resolve("img.gz"), TestFiles.gzip(TestFiles.idx(IdxReader.IMAGES_MAGIC,
                    new int[] {count, 28, 28}, new byte[28 * 28])));
            Path lab = TestFiles.write(dir.resolve("lab"), TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {1}, new byte[1]));
            assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(img.toString());
        }
    }

    @Test
    void zeroRowsOrColumnsAreRefusedByName() {
        Path img = TestFiles.write(dir.resolve("img"), TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {2, 0, 4}, new byte[0]));
        Path lab = TestFiles.write(dir.resolve("lab"), TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[2]));
        assertThatThrownBy(() -> IdxReader.read("toy", img, lab, 10, HINT))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(img.toString())
                .hasMessageContaining("dimension 1 is 0");
    }

    /** A valid images/labels pair, one of them then damaged; returns the damaged one. */
    private MutationRun.Input damagedPair(Random r, int index) {
        Path caseDir = dir.resolve("case" + index);
        int n = 1 + r.nextInt(6);
        int h = 1 + r.nextInt(5);
        int w = 1 + r.nextInt(5);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(10);
        }
        byte[] img = TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {n, h, w}, TestFiles.patternPixels(n, h * w));
        byte[] lab = TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {n}, labels);
        boolean damageImages = r.nextBoolean();
        byte[] target = damageImages ? img : lab;
        boolean gzip = r.nextInt(3) == 0;
        Mutations.Mutated m;
        int kind = r.nextInt(4);
        if (kind == 0) {
            // A declared dimension: the image count, rows or columns, or the label count.
            int dim = damageImages ? r.nextInt(3) : 0;
            long value = r.nextInt(4) == 0 ? 0 : Mutations.huge(r);
            m = Mutations.overwrite(target, 4 + 4 * dim, 4, ByteOrder.BIG_ENDIAN, value, "dimension " + dim);
        } else if (kind == 1 && gzip) {
            // Damage to the compressed bytes rather than to what they hold.
            Mutations.Mutated z = Mutations.any(TestFiles.gzip(target), r);
            m = new Mutations.Mutated(z.bytes(), "gzipped, then " + z.how());
            gzip = false;
        } else {
            m = Mutations.any(target, r);
        }
        byte[] damaged = gzip ? TestFiles.gzip(m.bytes()) : m.bytes();
        byte[] other = damageImages ? lab : img;
        TestFiles.write(caseDir.resolve(damageImages ? "lab" : "img"), r.nextBoolean() ? TestFiles.gzip(other) : other);
        Path file = TestFiles.write(caseDir.resolve(damageImages ? "img" : "lab"), damaged);
        return new MutationRun.Input(file, m.how() + (gzip ? ", then gzipped" : ""));
    }
}
