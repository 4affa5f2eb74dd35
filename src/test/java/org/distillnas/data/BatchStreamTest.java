package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class BatchStreamTest {
    /** Identity-like statistics: a pixel v becomes v / 255. */
    private static final Normalization UNIT = new Normalization(new float[] {0f}, new float[] {1f});

    /** n one-channel 2x3 images whose every pixel is 10 * label, label = i mod 5. */
    private static ImageDataset labelled(int n) {
        byte[] px = new byte[n * 6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 5;
            for (int k = 0; k < 6; k++) {
                px[i * 6 + k] = (byte) (10 * labels[i]);
            }
        }
        return new ImageDataset("toy", px, labels, 1, 2, 3, 5);
    }

    private static ImageDataset patterned(int n, int c, int h, int w) {
        return new ImageDataset("toy", TestFiles.patternPixels(n, c * h * w), new int[n], c, h, w, 1);
    }

    @Test
    void sameSeedAndEpochGiveIdenticalBatches() {
        ImageDataset d = patterned(50, 3, 8, 8);
        Augmentation aug = new Augmentation(2, true, 3);
        BatchStream a = new BatchStream(d, Normalization.CIFAR10, aug, 8, true, false, 42);
        BatchStream b = new BatchStream(d, Normalization.CIFAR10, aug, 8, true, false, 42);
        // b visits other epochs and batches first: random access must not depend on history.
        b.batch(0, 0);
        b.batch(5, 3);
        Batch x = a.batch(3, 2);
        Batch y = b.batch(3, 2);
        assertThat(y.images()).isEqualTo(x.images());
        assertThat(y.labels()).isEqualTo(x.labels());
        assertThat(a.batch(3, 2).images()).isEqualTo(x.images());
    }

    @Test
    void epochsAndSeedsChangeTheOrder() {
        ImageDataset d = labelled(100);
        BatchStream s = new BatchStream(d, UNIT, Augmentation.none(), 10, true, false, 1);
        int[] e0 = s.order(0).clone();
        int[] e1 = s.order(1).clone();
        assertThat(e1).isNotEqualTo(e0);
        assertThat(e0).containsExactlyInAnyOrder(new BatchStream(d, UNIT, Augmentation.none(), 10, false, false, 1)
                .order(0));
        assertThat(new BatchStream(d, UNIT, Augmentation.none(), 10, true, false, 2).order(0)).isNotEqualTo(e0);
        assertThat(s.order(0)).isEqualTo(e0);
    }

    @Test
    void withoutShuffleBatchesFollowTheDataSet() {
        BatchStream s = new BatchStream(labelled(12), UNIT, Augmentation.none(), 5, false, false, 9);
        assertThat(s.batch(7, 1).labels()).containsExactly(0, 1, 2, 3, 4);
        assertThat(s.batch(7, 2).labels()).containsExactly(0, 1);
    }

    @Test
    void sampleAugmentationDependsOnSampleNotPosition() {
        ImageDataset d = patterned(6, 1, 5, 5);
        Augmentation aug = new Augmentation(2, true, 2);
        BatchStream one = new BatchStream(d, UNIT, aug, 1, false, false, 5);
        BatchStream all = new BatchStream(d, UNIT, aug, 6, true, false, 5);
        Batch whole = all.batch(4, 0);
        int[] order = all.order(4);
        for (int k = 0; k < 6; k++) {
            float[] single = one.batch(4, order[k]).images();
            float[] inBatch = Arrays.copyOfRange(whole.images(), k * 25, (k + 1) * 25);
            assertThat(inBatch).isEqualTo(single);
        }
    }

    @Test
    void dropLastControlsTheShortBatch() {
        ImageDataset d = labelled(10);
        BatchStream keep = new BatchStream(d, UNIT, Augmentation.none(), 4, true, false, 0);
        BatchStream drop = new BatchStream(d, UNIT, Augmentation.none(), 4, true, true, 0);
        assertThat(keep.batchesPerEpoch()).isEqualTo(3);
        assertThat(keep.batch(0, 2).size()).isEqualTo(2);
        assertThat(drop.batchesPerEpoch()).isEqualTo(2);
        assertThat(drop.batch(0, 1).size()).isEqualTo(4);
        assertThatThrownBy(() -> drop.batch(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new BatchStream(d, UNIT, Augmentation.none(), 11, true, true, 0))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("too few for one full batch of 11");
        assertThat(new BatchStream(d, UNIT, Augmentation.none(), 11, true, false, 0).batchesPerEpoch()).isEqualTo(1);
    }

    @Test
    void labelsMatchImagesAndEveryImageIsVisitedOnce() {
        ImageDataset d = labelled(23);
        BatchStream s = new BatchStream(d, UNIT, new Augmentation(1, true, 0), 4, true, false, 3);
        int seen = 0;
        int[] perClass = new int[5];
        for (Iterator<Batch> it = s.epoch(2); it.hasNext();) {
            Batch b = it.next();
            for (int k = 0; k < b.size(); k++) {
                int label = b.labels()[k];
                perClass[label]++;
                // Crop padding may bring in padded zeros, but every non-padded pixel is 10 * label.
                for (int p = 0; p < 6; p++) {
                    float v = b.images()[k * 6 + p];
                    assertThat(v == 0f || Math.abs(v - 10 * label / 255f) < 1e-6).isTrue();
                }
            }
            seen += b.size();
        }
        assertThat(seen).isEqualTo(23);
        assertThat(perClass).containsExactly(5, 5, 5, 4, 4);
        assertThatThrownBy(() -> {
            Iterator<Batch> it = s.epoch(0);
            for (int i = 0; i < 7; i++) {
                it.next();
            }
        }).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void normalizationMatchesHandComputedValues() {
        byte[] px = {0, 51, (byte) 255, 102, 0, (byte) 255, 51, 102};
        ImageDataset d = new ImageDataset("toy", px, new int[] {0}, 2, 2, 2, 1);
        Normalization norm = new Normalization(new float[] {0.5f, 0.2f}, new float[] {0.25f, 0.4f});
        float[] x = new BatchStream(d, norm, Augmentation.none(), 1, false, false, 0).batch(0, 0).images();
        // channel 0: (v/255 - 0.5) / 0.25 ; channel 1: (v/255 - 0.2) / 0.4
        assertThat(x).containsExactly(new float[] {-2f, -1.2f, 2f, -0.4f, -0.5f, 2f, 0f, 0.5f}, within(1e-5f));
    }

    @Test
    void channelMismatchIsRefused() {
        assertThatThrownBy(() -> new BatchStream(labelled(4), Normalization.CIFAR10, Augmentation.none(), 2, true,
                false, 0)).hasMessage("normalization has 3 channels but data set 'toy' has 1");
        assertThatThrownBy(() -> new BatchStream(labelled(4), UNIT, Augmentation.none(), 0, true, false, 0))
                .hasMessage("batch size 0 must be at least 1");
    }

    // ---- augmentation semantics on a hand-made 4x4 image -------------------------------------

    /** Pixel (y, x) = 16 * y + x + 1, so no pixel is 0 and every position is recognisable. */
    private static final ImageDataset FOUR = new ImageDataset("four", grid(), new int[] {0}, 1, 4, 4, 1);

    private static byte[] grid() {
        byte[] px = new byte[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                px[4 * y + x] = (byte) (16 * y + x + 1);
            }
        }
        return px;
    }

    /** The 4x4 image as raw pixel values after each epoch's augmentation (UNIT normalization undone). */
    private static List<int[]> outputs(Augmentation aug, int epochs) {
        BatchStream s = new BatchStream(FOUR, UNIT, aug, 1, false, false, 11);
        List<int[]> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            float[] f = s.batch(e, 0).images();
            int[] v = new int[16];
            for (int i = 0; i < 16; i++) {
                v[i] = Math.round(f[i] * 255);
            }
            out.add(v);
        }
        return out;
    }

    /** The original grid shifted so that output (y, x) shows input (y + dy, x + dx), 0 outside. */
    private static int[] shifted(int dy, int dx, boolean flip) {
        int[] v = new int[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int sy = y + dy;
                int sx = (flip ? 3 - x : x) + dx;
                v[4 * y + x] = sy >= 0 && sy < 4 && sx >= 0 && sx < 4 ? 16 * sy + sx + 1 : 0;
            }
        }
        return v;
    }

    @Test
    void noAugmentationIsIdentity() {
        for (int[] v : outputs(Augmentation.none(), 5)) {
            assertThat(v).isEqualTo(shifted(0, 0, false));
        }
    }

    @Test
    void flipMirrorsAboutHalfTheTime() {
        int flipped = 0;
        for (int[] v : outputs(new Augmentation(0, true, 0), 200)) {
            boolean mirror = Arrays.equals(v, shifted(0, 0, true));
            assertThat(mirror || Arrays.equals(v, shifted(0, 0, false))).isTrue();
            flipped += mirror ? 1 : 0;
        }
        assertThat(flipped).isBetween(70, 130);
        assertThat(shifted(0, 0, true)).startsWith(4, 3, 2, 1);
    }

    @Test
    void paddedCropShiftsByEveryOffsetAndPadsWithRawZero() {
        boolean[][] seen = new boolean[3][3];
        for (int[] v : outputs(new Augmentation(1, false, 0), 300)) {
            boolean matched = false;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if (Arrays.equals(v, shifted(dy, dx, false))) {
                        seen[dy + 1][dx + 1] = true;
                        matched = true;
                    }
                }
            }
            assertThat(matched).as("output %s is a shift of the input", Arrays.toString(v)).isTrue();
        }
        for (boolean[] row : seen) {
            assertThat(row).containsOnly(true);
        }
    }

    @Test
    void paddingIsRawZeroSoItNormalizesToMinusMeanOverStd() {
        Normalization norm = new Normalization(new float[] {0.5f}, new float[] {0.25f});
        BatchStream s = new BatchStream(FOUR, norm, new Augmentation(3, false, 0), 1, false, false, 0);
        boolean sawPadding = false;
        for (int e = 0; e < 50 && !sawPadding; e++) {
            for (float f : s.batch(e, 0).images()) {
                sawPadding |= Math.abs(f - (-2f)) < 1e-6;
            }
        }
        assertThat(sawPadding).isTrue();
    }

    @Test
    void cutoutZeroesOneClippedSquareAfterNormalization() {
        // With mean 0.5 no normalized pixel of the grid is 0, so zeros mark exactly the cutout.
        Normalization norm = new Normalization(new float[] {0.5f}, new float[] {0.25f});
        BatchStream s = new BatchStream(FOUR, norm, new Augmentation(0, false, 2), 1, false, false, 4);
        boolean[] centreSeen = new boolean[16];
        for (int e = 0; e < 300; e++) {
            float[] f = s.batch(e, 0).images();
            int minY = 4;
            int minX = 4;
            int maxY = -1;
            int maxX = -1;
            int zeros = 0;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    if (f[4 * y + x] == 0f) {
                        zeros++;
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                    } else {
                        int raw = 16 * y + x + 1;
                        assertThat(f[4 * y + x]).isCloseTo((raw / 255f - 0.5f) / 0.25f, within(1e-5f));
                    }
                }
            }
            // Side 2 centred at (cy, cx) covers rows cy-1..cy and columns cx-1..cx, clipped.
            assertThat(zeros).isEqualTo((maxY - minY + 1) * (maxX - minX + 1));
            assertThat(maxY - minY).isBetween(0, 1);
            assertThat(maxX - minX).isBetween(0, 1);
            centreSeen[4 * maxY + maxX] = true;
        }
        assertThat(centreSeen).containsOnly(true);
    }

    @Test
    void augmentationValidatesItsArguments() {
        assertThatThrownBy(() -> new Augmentation(-1, false, 0)).hasMessageContaining("crop padding -1");
        assertThatThrownBy(() -> new Augmentation(0, false, -2)).hasMessageContaining("cutout size -2");
        assertThat(Augmentation.none().isNone()).isTrue();
        assertThat(Augmentation.cifar(16)).isEqualTo(new Augmentation(4, true, 16));
    }

    /** Each batch names its samples: the indices the epoch's order puts there, matching the labels. */
    @Test
    void batchesCarryTheirSampleIndices() {
        ImageDataset d = labelled(23);
        BatchStream s = new BatchStream(d, UNIT, Augmentation.none(), 5, true, false, 3);
        List<Integer> seen = new ArrayList<>();
        for (int b = 0; b < s.batchesPerEpoch(); b++) {
            Batch batch = s.batch(2, b);
            assertThat(batch.indices()).containsExactly(Arrays.copyOfRange(s.order(2), b * 5, b * 5 + batch.size()));
            for (int k = 0; k < batch.size(); k++) {
                assertThat(batch.labels()[k]).isEqualTo(batch.indices()[k] % 5);
                seen.add(batch.indices()[k]);
            }
        }
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        assertThat(new Batch(new float[1], new int[1], 1, 1, 1, 1).indices()).isNull();
    }
}
