package org.distillnas.strategy.cream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.distill.SoftTargetCrossEntropy;
import org.distillnas.distill.board.BoardEntry;
import org.distillnas.distill.board.MetaMatchingNetwork;
import org.distillnas.nn.Param;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.strategy.Grads;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.train.Losses;
import org.distillnas.util.NoGrad;

/**
 * The matching network's gradient by a one-step look-ahead (Cream of the Crop, Peng et al. 2020,
 * Sec. 3.2): how the student's cross-entropy on held-out images, after one simulated SGD step on
 * the distillation loss, changes with the matching network's weights phi.
 *
 * <pre>
 *   L_kd(w, phi) = rho(w, phi) * KD(f(X_s; w), P_t),   rho = sigmoid(-score_phi(softmax(f(X_e; w)), P_e))
 *   w'           = w - xi * grad_w L_kd(w, phi)                       (simulated, then undone)
 *   L_val(phi)   = CE(f(X_v; w'), y_v)
 *   dL_val/dphi  = -xi * d/dphi [ v . grad_w L_kd(w, phi) ],           v = grad_w' L_val
 *               ~= -xi * (grad_phi L_kd(w+, phi) - grad_phi L_kd(w-, phi)) / (2 eps),
 *   w+-          = w +- eps * v,   eps = 0.01 / ||v||
 * </pre>
 *
 * <p>f is the student path, X_s the slice it simulates its step on, P_t the teacher's softmax on
 * X_s, (X_e, P_e) the board entry whose score gives rho, (X_v, y_v) held-out images. The teacher
 * stays the one chosen at w: the choice is an argmax, constant almost everywhere. DJL's PyTorch
 * engine gives no second-order gradient (its gradient collector cannot keep the graph of a
 * gradient), so the mixed second derivative is a finite-difference Hessian-vector product, as in
 * DARTS's second-order step; its error is O(eps^2). The network's weights, BatchNorm statistics
 * included, are restored exactly afterwards: the look-ahead leaves no trace in the student.
 *
 * <p>The reference code also <i>applies</i> the simulated step to the student; we do not, so that
 * the meta-update changes only the matching network. Its gradient flows through the first of the
 * student's parameter tensors only; {@code firstTensorOnly} reproduces that (off by default).
 */
public final class LookAheadMetaGradient {
    /** The finite-difference radius before normalisation by ||v|| (DARTS: 0.01). */
    public static final double DEFAULT_EPS_SCALE = 0.01;
    private static final SoftTargetCrossEntropy KD = new SoftTargetCrossEntropy();

    private final SampledSupernet supernet;
    private final MetaMatchingNetwork meta;
    private final double epsScale;
    private final boolean firstTensorOnly;
    /** BatchNorm running statistics of the whole supernet: training-mode passes write them. */
    private final Map<String, Param> buffers;

    public LookAheadMetaGradient(SampledSupernet supernet, MetaMatchingNetwork meta, double epsScale,
            boolean firstTensorOnly) {
        this.supernet = supernet;
        this.meta = meta;
        this.epsScale = epsScale;
        this.firstTensorOnly = firstTensorOnly;
        this.buffers = supernet.namedParams(q -> q.kind() == Param.Kind.BUFFER);
    }

    /**
     * One look-ahead's inputs.
     *
     * @param student the student path
     * @param used the student's parameters and buffers ({@code supernet.paramsOf(student)})
     * @param xs (S, ...) images of the simulated step
     * @param teacherProbs (S, C) the teacher's softmax on them
     * @param rhoEntry the entry whose matching score gives rho
     * @param xv (S', ...) held-out images
     * @param yv their labels
     * @param xi the simulated step's learning rate (the weights' current one, as the reference)
     */
    public record Problem(Subnet student, Map<String, Param> used, NDArray xs, NDArray teacherProbs,
            BoardEntry rhoEntry, NDArray xv, NDArray yv, double xi) {}

    /**
     * The meta-gradient by parameter name of {@link MetaMatchingNetwork#params()}, or an empty map
     * when it cannot be computed (a gradient of the look-ahead is not finite, or v is zero); the
     * network is left as it was either way. Call it inside an {@code NDScope}: the copies it makes of
     * weights and gradients are the scope's to free.
     */
    public Map<String, NDArray> gradient(Problem p) {
        Map<String, Param> weights = trainable(p.used());
        Map<String, NDArray> backup = snapshot(p.used());
        try {
            Map<String, NDArray> g = kdGradient(p, weights, true);
            if (!Double.isFinite(Grads.norm(g.values()))) {
                return Map.of(); // checked before the step, so that the weights never hold what cannot be undone
            }
            try (NoGrad ng = NoGrad.open()) {
                weights.forEach((name, w) -> w.value().subi(g.get(name).mul(p.xi())));
            }
            Map<String, NDArray> v = simulatedValidationGradient(p, weights);
            double norm = Grads.norm(v.values());
            if (!(norm > 0) || !Double.isFinite(norm)) {
                return Map.of();
            }
            double eps = epsScale / norm;
            Map<String, NDArray> plus = side(p, weights, backup, v, eps);
            Map<String, NDArray> minus = side(p, weights, backup, v, -eps);
            Map<String, NDArray> out = new LinkedHashMap<>();
            plus.forEach((name, gp) -> out.put(name, gp.sub(minus.get(name)).mul(-p.xi() / (2 * eps))));
            return out;
        } finally {
            restore(p.used(), backup);
        }
    }

    /**
     * v of the look-ahead: the held-out loss's gradient at the simulated weights w' (which the
     * weights hold when this is called); under the first-tensor quirk, only its first tensor.
     */
    Map<String, NDArray> simulatedValidationGradient(Problem p, Map<String, Param> weights) {
        Map<String, NDArray> v = validationGradient(p, weights);
        if (firstTensorOnly) {
            String first = v.keySet().iterator().next();
            v.keySet().retainAll(java.util.Set.of(first));
        }
        return v;
    }

    /**
     * The whole look-ahead's outcome, {@code L_val(phi)} above: what {@link #gradient} differentiates
     * (for tests: its finite differences in phi check the gradient). Leaves the network as it was.
     */
    public double lookAheadLoss(Problem p) {
        Map<String, Param> weights = trainable(p.used());
        try (NDScope scope = new NDScope()) {
            Map<String, NDArray> backup = snapshot(p.used());
            try {
                Map<String, NDArray> g = kdGradient(p, weights, true);
                try (NoGrad ng = NoGrad.open()) {
                    weights.forEach((name, w) -> w.value().subi(g.get(name).mul(p.xi())));
                    NDArray logits = supernet.forward(p.xv(), p.student(), true);
                    return Losses.scalar(Losses.crossEntropy(logits, p.yv()));
                }
            } finally {
                restore(p.used(), backup);
            }
        }
    }

    /** grad_phi L_kd(w + step * v, phi), w taken from {@code backup}. */
    private Map<String, NDArray> side(Problem p, Map<String, Param> weights, Map<String, NDArray> backup,
            Map<String, NDArray> v, double step) {
        try (NoGrad ng = NoGrad.open()) {
            weights.forEach((name, w) -> {
                w.value().muli(0).addi(backup.get(name));
                NDArray d = v.get(name);
                if (d != null) {
                    w.value().addi(d.mul(step));
                }
            });
        }
        return kdGradient(p, weights, false);
    }

    /**
     * Backward of L_kd; with {@code wrtWeights} returns copies of the student's gradients, otherwise
     * of the matching network's. Either way, no gradient is left behind.
     */
    Map<String, NDArray> kdGradient(Problem p, Map<String, Param> weights, boolean wrtWeights) {
        Map<String, Param> metaParams = meta.params();
        Grads.track(weights, wrtWeights);
        Grads.track(metaParams, !wrtWeights);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(kdLoss(p));
        } finally {
            Grads.track(weights, true);
            Grads.track(metaParams, true);
        }
        Map<String, Param> of = wrtWeights ? weights : metaParams;
        Map<String, NDArray> g = Grads.copy(of);
        Grads.zero(weights);
        Grads.zero(metaParams);
        return g;
    }

    /** {@code rho(w, phi) * KD(f(X_s; w), P_t)}, differentiable in both. */
    NDArray kdLoss(Problem p) {
        NDArray kd = KD.loss(supernet.forward(p.xs(), p.student(), true), p.teacherProbs());
        BoardEntry e = p.rhoEntry();
        // a copy in the step's manager, so that the pass's arrays do not land in the board's
        NDArray images = e.images().duplicate();
        images.attach(p.xs().getManager());
        NDArray q = supernet.forward(images, p.student(), true).softmax(1);
        NDArray rho = Activation.sigmoid(meta.score(q, e.probs()).neg());
        return kd.mul(rho);
    }

    private Map<String, NDArray> validationGradient(Problem p, Map<String, Param> weights) {
        Grads.track(meta.params(), false);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(Losses.crossEntropy(supernet.forward(p.xv(), p.student(), true), p.yv()));
        } finally {
            Grads.track(meta.params(), true);
        }
        Map<String, NDArray> v = Grads.copy(weights);
        Grads.zero(weights);
        return v;
    }

    static Map<String, Param> trainable(Map<String, Param> used) {
        Map<String, Param> out = new LinkedHashMap<>();
        used.forEach((name, p) -> {
            if (p.trainable()) {
                out.put(name, p);
            }
        });
        return out;
    }

    /** Copies of the path's weights and of every BatchNorm statistic (keys of the latter prefixed). */
    private Map<String, NDArray> snapshot(Map<String, Param> used) {
        Map<String, NDArray> copy = new LinkedHashMap<>();
        used.forEach((name, p) -> copy.put(name, p.value().duplicate()));
        buffers.forEach((name, p) -> copy.put(BUFFER + name, p.value().duplicate()));
        return copy;
    }

    /**
     * Writes the snapshot back: zero, then add, which is exact while the values in between are
     * finite (the finite-gradient checks above keep them so).
     */
    private void restore(Map<String, Param> used, Map<String, NDArray> backup) {
        try (NoGrad ng = NoGrad.open()) {
            used.forEach((name, p) -> p.value().muli(0).addi(backup.get(name)));
            buffers.forEach((name, p) -> p.value().muli(0).addi(backup.get(BUFFER + name)));
        }
    }

    private static final String BUFFER = "buffer:";
}
