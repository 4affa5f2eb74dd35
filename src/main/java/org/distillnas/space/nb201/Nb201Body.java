package org.distillnas.space.nb201;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.Fn;
import org.distillnas.nn.Linear;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.supernet.CellWeights;

/**
 * The NAS-Bench-201 macro skeleton around its cells, shared by the supernet and the discrete
 * network: stem (3x3 conv + BN), three stages of N cells at C, 2C and 4C channels with a residual
 * reduction block between stages, then BN-ReLU, global average pooling and a linear classifier.
 */
final class Nb201Body extends Module {
    private final Conv2d stemConv;
    private final BatchNorm2d stemBn;
    private final List<Nb201Cell> cells = new ArrayList<>();
    private final List<ResidualBlock> reductions = new ArrayList<>();
    private final int cellsPerStage;
    private final BatchNorm2d lastBn;
    private final Linear classifier;

    /**
     * @param cellBuilder builds one cell for a channel count; returns a module that is a cell
     */
    <C extends Module & Nb201Cell> Nb201Body(ParamFactory f, MacroConfig config,
            BiFunction<ParamFactory, Integer, C> cellBuilder) {
        int c = config.channels();
        cellsPerStage = config.cells();
        stemConv = child("stem.conv", new Conv2d(f, config.inChannels(), c, 3, 1, 1));
        stemBn = child("stem.bn", new BatchNorm2d(f, c, true));
        int index = 0;
        for (int stage = 0; stage < 3; stage++) {
            int channels = c << stage;
            for (int i = 0; i < cellsPerStage; i++) {
                cells.add(child("cells." + index++, cellBuilder.apply(f, channels)));
            }
            if (stage < 2) {
                reductions.add(child("reductions." + stage, new ResidualBlock(f, channels, channels * 2)));
            }
        }
        lastBn = child("lastact.bn", new BatchNorm2d(f, 4 * c, true));
        classifier = child("classifier", new Linear(f, 4 * c, config.numClasses()));
    }

    NDArray forward(NDArray x, CellWeights weights, boolean training) {
        NDArray h = stemBn.forward(stemConv.forward(x), training);
        for (int i = 0; i < cells.size(); i++) {
            h = cells.get(i).forward(h, weights, training);
            int stage = i / cellsPerStage;
            if ((i + 1) % cellsPerStage == 0 && stage < 2) {
                h = reductions.get(stage).forward(h, training);
            }
        }
        h = Fn.relu(lastBn.forward(h, training));
        return classifier.forward(Fn.globalAvgPool(h));
    }
}
