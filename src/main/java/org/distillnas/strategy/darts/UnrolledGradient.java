package org.distillnas.strategy.darts;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.distillnas.nn.Param;
import org.distillnas.strategy.Grads;
import org.distillnas.supernet.Supernet;
import org.distillnas.train.Losses;
import org.distillnas.train.optim.Sgd;

/**
 * DARTS's second-order architecture gradient (Liu et al., 2019, Eq. 7-8):
 *
 * <pre>
 *   w'  = w - xi * (mu * m + grad_w L_train(w, alpha) + wd * w)          (one virtual SGD step)
 *   g   = grad_alpha L_val(w', alpha) - xi * H,
 *   H   = (grad_alpha L_train(w+, alpha) - grad_alpha L_train(w-, alpha)) / (2 eps)
 *   w+- = w +- eps * grad_w' L_val(w', alpha),  eps = 0.01 / ||grad_w' L_val(w', alpha)||
 * </pre>
 *
 * <p>H is the finite-difference Hessian-vector product of Eq. 8, so no second derivative is taken.
 * The weights are restored exactly (from a copy) afterwards.
 *
 * <p>L_train and L_val are cross-entropies by default; a strategy with extra loss terms (e.g.
 * self-distillation) passes its own, so that the virtual step and the Hessian term differentiate the
 * same objective the weight step trains on.
 */
final class UnrolledGradient {
    /** The finite-difference radius before normalisation by the gradient norm (DARTS code: 0.01). */
    static final double DEFAULT_EPS_SCALE = 0.01;

    private final Supernet supernet;
    private final Map<String, Param> weights;
    private final Map<String, Param> arch;
    private final Sgd optimizer;
    private final double epsScale;
    private BiFunction<NDArray, NDArray, NDArray> trainLoss = Losses::crossEntropy;
    private BiFunction<NDArray, NDArray, NDArray> valLoss = Losses::crossEntropy;
    private Consumer<NDArray> valLogits = logits -> {};

    UnrolledGradient(Supernet supernet, Map<String, Param> weights, Map<String, Param> arch, Sgd optimizer) {
        this(supernet, weights, arch, optimizer, DEFAULT_EPS_SCALE);
    }

    /**
     * @param trainLoss L_train as a function of (logits, labels)
     * @param valLoss L_val as a function of (logits, labels)
     * @param valLogits receives the logits of the pass on the validation batch at w'
     */
    UnrolledGradient(Supernet supernet, Map<String, Param> weights, Map<String, Param> arch, Sgd optimizer,
            BiFunction<NDArray, NDArray, NDArray> trainLoss, BiFunction<NDArray, NDArray, NDArray> valLoss,
            Consumer<NDArray> valLogits) {
        this(supernet, weights, arch, optimizer, DEFAULT_EPS_SCALE);
        this.trainLoss = trainLoss;
        this.valLoss = valLoss;
        this.valLogits = valLogits;
    }

    /**
     * @param epsScale the finite-difference radius in weight space; DARTS's 0.01 is coarse but cheap
     *     in float32, a smaller one is more exact in float64
     */
    UnrolledGradient(Supernet supernet, Map<String, Param> weights, Map<String, Param> arch, Sgd optimizer,
            double epsScale) {
        this.epsScale = epsScale;
        this.supernet = supernet;
        this.weights = weights;
        this.arch = arch;
        this.optimizer = optimizer;
    }

    /**
     * Leaves the second-order gradient in the alphas' gradient buffers and returns
     * {L_val(w', alpha), correct predictions at w'}.
     *
     * @param xi the virtual step's learning rate (DARTS uses the weights' current learning rate)
     */
    double[] accumulate(NDArray xTrain, NDArray yTrain, NDArray xVal, NDArray yVal, double xi) {
        Grads.zero(arch);
        Map<String, NDArray> backup = snapshot();
        try {
            // w' = w - xi * (mu * momentum + dL_train/dw + wd * w)
            Map<String, NDArray> trainGrad = gradients(xTrain, yTrain, trainLoss, true, false, null);
            weights.forEach((name, p) -> {
                NDArray g = trainGrad.get(name);
                if (g == null) {
                    return;
                }
                NDArray step = g.add(p.value().mul(optimizer.weightDecay()));
                NDArray buf = optimizer.buffer(name);
                if (buf != null) {
                    step.addi(buf.mul(optimizer.momentum()));
                }
                p.value().subi(step.muli(xi));
            });
            // dL_val(w', alpha) with respect to alpha and w'
            double[] result = new double[2];
            Map<String, NDArray> valGradW = gradients(xVal, yVal, valLoss, true, true, result);
            Map<String, NDArray> valGradA = Grads.copy(arch);
            Grads.zero(arch);
            double eps = epsScale / Grads.norm(valGradW.values());
            // w+ and w- around the original weights
            Map<String, NDArray> plus = hessianSide(backup, valGradW, eps, xTrain, yTrain);
            Map<String, NDArray> minus = hessianSide(backup, valGradW, -eps, xTrain, yTrain);
            arch.forEach((name, p) -> {
                if (!valGradA.containsKey(name)) {
                    return; // a cell type absent from this network (e.g. only reduction cells)
                }
                NDArray hessian = plus.get(name).sub(minus.get(name)).divi(2 * eps);
                NDArray g = valGradA.get(name).sub(hessian.muli(xi));
                NDArray buffer = p.gradientOrNull();
                buffer.muli(0).addi(g);
            });
            return result;
        } finally {
            restore(backup);
            Grads.zero(weights);
        }
    }

    /** grad_alpha L_train(w + step * v, alpha), with w taken from {@code backup}. */
    private Map<String, NDArray> hessianSide(Map<String, NDArray> backup, Map<String, NDArray> v, double step,
            NDArray x, NDArray y) {
        weights.forEach((name, p) -> {
            NDArray d = v.get(name);
            p.value().muli(0).addi(backup.get(name));
            if (d != null) {
                p.value().addi(d.mul(step));
            }
        });
        gradients(x, y, trainLoss, false, true, null);
        Map<String, NDArray> g = Grads.copy(arch);
        Grads.zero(arch);
        return g;
    }

    /**
     * Runs forward and backward of {@code lossFn} on the given batch with the chosen parameter groups
     * tracked; returns copies of the weights' gradients (empty when not tracked) and zeroes them.
     * With {@code lossAndCorrect} (the validation pass) its loss and correct count are stored there.
     */
    private Map<String, NDArray> gradients(NDArray x, NDArray y, BiFunction<NDArray, NDArray, NDArray> lossFn,
            boolean trackWeights, boolean trackArch, double[] lossAndCorrect) {
        Grads.track(weights, trackWeights);
        Grads.track(arch, trackArch);
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = supernet.forward(x, true);
            NDArray loss = lossFn.apply(logits, y);
            gc.backward(loss);
            if (lossAndCorrect != null) {
                valLogits.accept(logits);
                lossAndCorrect[0] = Losses.scalar(loss);
                lossAndCorrect[1] = Losses.correct(logits, y);
            }
        } finally {
            Grads.track(weights, true);
            Grads.track(arch, true);
        }
        if (!trackWeights) {
            return Map.of();
        }
        Map<String, NDArray> g = Grads.copy(weights);
        Grads.zero(weights);
        return g;
    }

    private Map<String, NDArray> snapshot() {
        Map<String, NDArray> copy = new java.util.LinkedHashMap<>();
        weights.forEach((name, p) -> copy.put(name, p.value().duplicate()));
        return copy;
    }

    private void restore(Map<String, NDArray> backup) {
        weights.forEach((name, p) -> p.value().muli(0).addi(backup.get(name)));
    }
}
