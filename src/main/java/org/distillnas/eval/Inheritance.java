package org.distillnas.eval;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.distillnas.nn.Param;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.NoGrad;

/**
 * Gives a discrete network the supernet's weights of the ops it kept (weight sharing), so that it
 * can be evaluated without training: the one-shot estimate of the discretisation gap and of
 * rankings.
 */
public final class Inheritance {
    private Inheritance() {}

    /**
     * Copies every network parameter from the supernet parameter named by
     * {@link DiscreteNetwork#supernetName}. BatchNorm gamma/beta that the supernet lacks (its ops'
     * BatchNorm is non-affine) keep their initial 1 and 0, which is the same function; running
     * statistics are copied but should be recalibrated ({@link BnRecalibration}).
     *
     * @return the number of tensors copied
     * @throws IllegalStateException if a weight has no counterpart of the same shape in the supernet
     */
    public static int copy(Supernet supernet, DiscreteNetwork network) {
        Map<String, Param> source = supernet.namedParams();
        int copied = 0;
        try (NoGrad ignored = NoGrad.open()) {
            for (Map.Entry<String, Param> e : network.namedParams().entrySet()) {
                Param from = source.get(network.supernetName(e.getKey()));
                NDArray to = e.getValue().value();
                if (from == null || !from.value().getShape().equals(to.getShape())) {
                    if (e.getValue().kind() == Param.Kind.WEIGHT) {
                        throw new IllegalStateException("no supernet weight for " + e.getKey() + " (looked for "
                                + network.supernetName(e.getKey()) + ")");
                    }
                    continue;
                }
                to.muli(0).addi(from.value());
                copied++;
            }
        }
        return copied;
    }
}
