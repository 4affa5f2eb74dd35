package org.distillnas.eval;

import ai.djl.ndarray.NDManager;
import org.distillnas.data.BatchStream;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.Supernet;

/**
 * One-shot evaluation: the accuracy of a discrete architecture with weights inherited from a
 * supernet, BatchNorm statistics recalibrated on training batches. Used for the discretisation gap
 * and for ranking architectures with a trained supernet. A supernet with partial channel
 * connections (PC-DARTS) evaluates the architecture as its path through the supernet instead
 * ({@link SupernetPath}).
 */
public final class OneShot {
    private OneShot() {}

    public static Evaluator.Result evaluate(SearchSpace space, Supernet supernet, Genotype genotype, MacroConfig macro,
            BatchStream train, BatchStream eval, int recalibrationBatches, NDManager manager) {
        if (supernet.options().partial()) {
            // the ops hold 1/K of the channels, so no stand-alone network can inherit them
            return SupernetPath.evaluate(space, supernet, genotype, macro, train, eval, recalibrationBatches, manager);
        }
        try (NDManager m = manager.newSubManager()) {
            DiscreteNetwork net = space.network(genotype, macro, new ParamFactory(m, 0));
            Inheritance.copy(supernet, net);
            BnRecalibration.run(net, train, recalibrationBatches, m);
            return Evaluator.evaluate(net::forward, eval, m);
        }
    }
}
