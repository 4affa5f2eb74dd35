package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.Fn;
import org.distillnas.nn.Linear;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.supernet.CellWeights;

/**
 * The DARTS macro skeleton, shared by supernet and discrete network: a 3x3 stem to 3C channels,
 * L cells with the channel count doubled at the reduction cells (at L/3 and 2L/3), global average
 * pooling and a linear classifier.
 */
final class DartsBody extends Module {
    /** Builds cell {@code index} given its input channels, its channels and its reduction flags. */
    @FunctionalInterface
    interface CellBuilder {
        Module build(ParamFactory f, int cPrevPrev, int cPrev, int c, boolean reduction, boolean reductionPrev);
    }

    static final int STEM_MULTIPLIER = 3;

    private final Conv2d stemConv;
    private final BatchNorm2d stemBn;
    private final List<DartsCell> cells = new ArrayList<>();
    private final boolean[] reduction;
    private final Linear classifier;
    private final AuxiliaryHead auxiliary;
    private final int auxiliaryAfter;

    DartsBody(ParamFactory f, MacroConfig config, CellBuilder builder) {
        this(f, config, builder, false);
    }

    /**
     * @param auxiliaryHead attach an auxiliary classifier after the second reduction cell
     */
    DartsBody(ParamFactory f, MacroConfig config, CellBuilder builder, boolean auxiliaryHead) {
        int layers = config.cells();
        int cCurr = STEM_MULTIPLIER * config.channels();
        stemConv = child("stem.conv", new Conv2d(f, config.inChannels(), cCurr, 3, 1, 1));
        stemBn = child("stem.bn", new BatchNorm2d(f, cCurr, true));
        int cPrevPrev = cCurr;
        int cPrev = cCurr;
        int c = config.channels();
        reduction = new boolean[layers];
        boolean reductionPrev = false;
        auxiliaryAfter = auxiliaryHead ? 2 * layers / 3 : -1;
        int auxChannels = 0;
        for (int i = 0; i < layers; i++) {
            reduction[i] = isReduction(i, layers);
            if (reduction[i]) {
                c *= 2;
            }
            Module cell = child("cells." + i, builder.build(f, cPrevPrev, cPrev, c, reduction[i], reductionPrev));
            DartsCell dc = (DartsCell) cell;
            cells.add(dc);
            reductionPrev = reduction[i];
            cPrevPrev = cPrev;
            cPrev = dc.outChannels();
            if (i == auxiliaryAfter) {
                auxChannels = cPrev;
            }
        }
        classifier = child("classifier", new Linear(f, cPrev, config.numClasses()));
        auxiliary = auxiliaryHead ? child("auxiliary", new AuxiliaryHead(f, auxChannels, config.numClasses())) : null;
    }

    /** Reduction cells sit at a third and two thirds of the depth, as in DARTS. */
    static boolean isReduction(int index, int layers) {
        return index == layers / 3 || index == 2 * layers / 3;
    }

    NDArray forward(NDArray x, Map<String, CellWeights> weights, boolean training) {
        return forward(x, weights, training, null);
    }

    /**
     * @param auxOut if not null and the network has an auxiliary head, receives its logits in
     *     {@code auxOut[0]} (training mode only)
     */
    NDArray forward(NDArray x, Map<String, CellWeights> weights, boolean training, NDArray[] auxOut) {
        NDArray s0 = stemBn.forward(stemConv.forward(x), training);
        NDArray s1 = s0;
        for (int i = 0; i < cells.size(); i++) {
            CellWeights w = weights == null ? null : weights.get(reduction[i] ? DartsSpace.REDUCE : DartsSpace.NORMAL);
            NDArray next = cells.get(i).forward(s0, s1, w, training);
            s0 = s1;
            s1 = next;
            if (i == auxiliaryAfter && training && auxOut != null) {
                auxOut[0] = auxiliary.forward(s1, true);
            }
        }
        return classifier.forward(Fn.globalAvgPool(s1));
    }
}
