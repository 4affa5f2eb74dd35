package org.distillnas.data;

import java.util.Arrays;

/**
 * Writes one image into a batch array: normalized through a lookup table and augmented with
 * the crop, flip and cutout of an {@link Augmentation}.
 *
 * <p>Every random choice is drawn from {@link SeedMix} with the sample's own seed, so the result
 * depends only on (image, seed) and a batch can be rebuilt identically at any time. The draw
 * slots are fixed (crop y, crop x, flip, cutout y, cutout x), so turning one transform on or off
 * does not change what the others draw.
 */
final class SampleWriter {
    private static final int DRAW_CROP_Y = 0;
    private static final int DRAW_CROP_X = 1;
    private static final int DRAW_FLIP = 2;
    private static final int DRAW_CUT_Y = 3;
    private static final int DRAW_CUT_X = 4;

    private final int channels;
    private final int height;
    private final int width;
    private final int plane;
    private final Augmentation aug;
    /** Per channel, the normalized value of each of the 256 pixel values: one load per pixel. */
    private final float[][] table;

    SampleWriter(Normalization norm, Augmentation aug, int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.plane = height * width;
        this.aug = aug;
        float[] mean = norm.mean();
        float[] std = norm.std();
        table = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                // Same arithmetic order as ToTensor then Normalize, in float like torchvision.
                table[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /**
     * Writes the image starting at {@code src} in {@code pixels} to {@code dst} at {@code out}.
     *
     * @param seed this sample's random stream; only read if some augmentation is on
     */
    void write(byte[] pixels, int src, long seed, float[] dst, int out) {
        int pad = aug.cropPadding();
        // The window's offset in the padded image, minus the padding, is the shift in raw coordinates.
        int dy = pad == 0 ? 0 : SeedMix.below(seed, DRAW_CROP_Y, 2 * pad + 1) - pad;
        int dx = pad == 0 ? 0 : SeedMix.below(seed, DRAW_CROP_X, 2 * pad + 1) - pad;
        boolean flip = aug.horizontalFlip() && SeedMix.below(seed, DRAW_FLIP, 2) == 1;
        for (int c = 0; c < channels; c++) {
            float[] t = table[c];
            float padValue = t[0];
            int inPlane = src + c * plane;
            int outPlane = out + c * plane;
            for (int y = 0; y < height; y++) {
                int row = outPlane + y * width;
                int sy = y + dy;
                if (sy < 0 || sy >= height) {
                    Arrays.fill(dst, row, row + width, padValue);
                    continue;
                }
                int inRow = inPlane + sy * width;
                for (int x = 0; x < width; x++) {
                    // The flip mirrors the cropped window, so it acts before the crop shift.
                    int sx = (flip ? width - 1 - x : x) + dx;
                    dst[row + x] = sx >= 0 && sx < width ? t[pixels[inRow + sx] & 0xFF] : padValue;
                }
            }
        }
        int side = aug.cutout();
        if (side > 0) {
            int cy = SeedMix.below(seed, DRAW_CUT_Y, height);
            int cx = SeedMix.below(seed, DRAW_CUT_X, width);
            int y0 = Math.max(0, cy - side / 2);
            int y1 = Math.min(height, cy - side / 2 + side);
            int x0 = Math.max(0, cx - side / 2);
            int x1 = Math.min(width, cx - side / 2 + side);
            for (int c = 0; c < channels; c++) {
                for (int y = y0; y < y1; y++) {
                    int row = out + c * plane + y * width;
                    Arrays.fill(dst, row + x0, row + x1, 0f);
                }
            }
        }
    }
}
