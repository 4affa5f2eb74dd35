package org.distillnas.distill.board;

import ai.djl.ndarray.NDArray;
import org.distillnas.space.genotype.Subnet;

/**
 * One prioritized path: the path, the score that brought it onto the board, its cost, and the few
 * training images it entered with together with the softmax predicted on them, which the matching
 * network compares a student's predictions against.
 *
 * @param path the subnet
 * @param score its top-1 accuracy in percent when it entered (training batch or held-out batch)
 * @param macs multiply-adds of one image through it (the space's lookup table)
 * @param images (S, C, H, W) the stored images, as the path saw them (augmented)
 * @param probs (S, classes) the stored softmax on those images
 * @param step the global step at which it entered (0-based); orders equal entries, oldest first
 */
public record BoardEntry(Subnet path, double score, long macs, NDArray images, NDArray probs, long step) {}
