package org.distillnas.data;

import org.distillnas.util.BadInputException;

/**
 * The random training-time transforms, applied in torchvision's and DARTS's order.
 *
 * <ol>
 *   <li>Random crop: the raw image is padded with {@code cropPadding} zero-valued pixels on every
 *       side and a window of the original size is cut at a uniformly random offset, as
 *       torchvision's {@code RandomCrop(size, padding)} does before {@code Normalize}. A padded
 *       pixel therefore becomes {@code -mean / std} after normalization, not 0.
 *   <li>Horizontal flip with probability 0.5 when {@code horizontalFlip} is set.
 *   <li>Cutout: after normalization, a square of side {@code cutout} centred at a uniformly random
 *       pixel is set to 0 in every channel, clipped at the borders. The square covers rows
 *       {@code cy - cutout/2} up to, not including, {@code cy - cutout/2 + cutout}; for even sides
 *       (the usual 16) this is exactly the DARTS code's mask.
 * </ol>
 *
 * @param cropPadding pixels of zero padding on each side before the crop; 0 disables cropping
 * @param horizontalFlip whether to mirror left-right with probability 0.5
 * @param cutout side of the zeroed square; 0 disables cutout
 */
public record Augmentation(int cropPadding, boolean horizontalFlip, int cutout) {

    public Augmentation {
        if (cropPadding < 0) {
            throw new BadInputException("crop padding " + cropPadding + " is negative: expected 0 or more pixels");
        }
        if (cutout < 0) {
            throw new BadInputException("cutout size " + cutout + " is negative: expected 0 or more pixels");
        }
    }

    /** No augmentation: batches are just normalized images, as for evaluation. */
    public static Augmentation none() {
        return new Augmentation(0, false, 0);
    }

    /** The DARTS CIFAR recipe: pad 4 and crop, flip, and cutout of side {@code cutout} (0 = none). */
    public static Augmentation cifar(int cutout) {
        return new Augmentation(4, true, cutout);
    }

    /** Whether every transform is disabled. */
    public boolean isNone() {
        return cropPadding == 0 && !horizontalFlip && cutout == 0;
    }
}
