package org.distillnas.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.distillnas.data.Batch;
import org.distillnas.data.BatchStream;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Module;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.util.EngineRandom;
import org.distillnas.util.NoGrad;

/**
 * Recomputes BatchNorm running statistics of a network with inherited weights: the supernet's
 * statistics describe mixtures of ops, not the discrete network's own activations. They are reset
 * and replaced by the plain average over a number of training batches (forward passes in training
 * mode, without gradients). libtorch's generator is reseeded first (noise op), so that the result
 * depends on the weights and the batches only.
 */
public final class BnRecalibration {
    private BnRecalibration() {}

    public static void run(DiscreteNetwork network, BatchStream train, int batches, NDManager manager) {
        run(network, x -> network.forward(x, true), train, batches, manager);
    }

    /**
     * @param module whose BatchNorm layers are recalibrated
     * @param trainingForward the module's forward pass in training mode
     */
    public static void run(Module module, Function<NDArray, NDArray> trainingForward, BatchStream train, int batches,
            NDManager manager) {
        List<BatchNorm2d> norms = new ArrayList<>();
        collect(module, norms);
        EngineRandom.reseed(EngineRandom.EVALUATION, 1);
        try (NoGrad ignored = NoGrad.open()) {
            norms.forEach(BatchNorm2d::resetRunningStats);
            int n = Math.min(batches, train.batchesPerEpoch());
            for (int k = 0; k < n; k++) {
                final double momentum = 1.0 / (k + 1);
                norms.forEach(bn -> bn.setMomentum(momentum));
                Batch b = train.batch(0, k);
                try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
                    trainingForward.apply(b.x(m));
                }
            }
        } finally {
            norms.forEach(bn -> bn.setMomentum(BatchNorm2d.MOMENTUM));
        }
    }

    private static void collect(Module module, List<BatchNorm2d> out) {
        if (module instanceof BatchNorm2d bn) {
            out.add(bn);
        }
        module.children().values().forEach(c -> collect(c, out));
    }
}
