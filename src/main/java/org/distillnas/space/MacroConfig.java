package org.distillnas.space;

import org.distillnas.util.BadInputException;

/**
 * The size of a network built around cells.
 *
 * @param channels initial channel count C
 * @param cells cells per stage in NAS-Bench-201 networks, cells in all in DARTS networks
 * @param inChannels image channels (1 for Fashion-MNIST, 3 for CIFAR)
 * @param numClasses classifier outputs
 */
public record MacroConfig(int channels, int cells, int inChannels, int numClasses) {
    public MacroConfig {
        if (channels < 2 || channels % 2 != 0) {
            throw new BadInputException("--channels " + channels + ": expected an even number >= 2");
        }
        if (cells < 1) {
            throw new BadInputException("--cells " + cells + ": expected at least 1");
        }
        if (inChannels < 1 || numClasses < 2) {
            throw new BadInputException("data set with " + inChannels + " channels and " + numClasses
                    + " classes: expected at least 1 channel and 2 classes");
        }
    }
}
