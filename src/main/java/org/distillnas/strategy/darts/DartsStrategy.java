package org.distillnas.strategy.darts;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.distill.SelfDistillation;
import org.distillnas.nn.Param;
import org.distillnas.strategy.Grads;
import org.distillnas.strategy.SearchStrategy;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.supernet.Supernet;
import org.distillnas.train.Losses;
import org.distillnas.train.optim.Adam;
import org.distillnas.train.optim.Sgd;
import org.distillnas.util.NamedArrays;

/**
 * DARTS (Liu et al., 2019): alternate an architecture step on a validation batch (first order, or
 * the unrolled second-order gradient of {@link UnrolledGradient}) and a weight step on a training
 * batch. Weights: SGD with momentum, weight decay and gradient clipping; alphas: Adam.
 *
 * <p>Each pass computes only the gradients it uses: the weights do not track gradients during the
 * architecture step and the alphas do not during the weight step. The values are the same as when
 * both are tracked; the work saved is the convolutions' weight-gradient kernels.
 *
 * <p>Any DARTS-family strategy can be given a {@link SelfDistillation} ({@link #distillWith}): its
 * terms enter through the {@link #weightLoss} and {@link #archLoss} hooks, in the first-order
 * passes and in every pass of the unrolled gradient alike, and its teachers are part of the
 * checkpointed state.
 */
public class DartsStrategy implements SearchStrategy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Supernet supernet;
    private final DartsOptions options;
    private final Map<String, Param> weights;
    private final Map<String, Param> arch;
    private final Sgd weightOptimizer;
    private final Adam archOptimizer;
    private final NDManager manager;
    private SelfDistillation distillation;
    /** The current step's distillation terms (null outside a step or without distillation). */
    private SelfDistillation.Step distillStep;

    public DartsStrategy(String name, Supernet supernet, DartsOptions options) {
        this.name = name;
        this.supernet = supernet;
        this.options = options;
        this.weights = supernet.weights();
        this.arch = supernet.archParams();
        this.weightOptimizer = new Sgd(options.momentum(), options.weightDecay(), options.nesterov());
        this.archOptimizer = new Adam(options.archBeta1(), options.archBeta2(), 1e-8, options.archWeightDecay());
        this.manager = arch.values().iterator().next().value().getManager();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Supernet supernet() {
        return supernet;
    }

    public DartsOptions options() {
        return options;
    }

    /** Adds self-distillation to every following step; call once, before the search starts. */
    public DartsStrategy distillWith(SelfDistillation sd) {
        if (distillation != null) {
            throw new IllegalStateException("self-distillation is already set");
        }
        this.distillation = sd;
        return this;
    }

    public SelfDistillation distillation() {
        return distillation;
    }

    @Override
    public StepResult step(Batch train, Batch val, StepContext ctx) {
        try (NDManager m = manager.newSubManager()) {
            NDArray xVal = val.x(m);
            NDArray yVal = val.y(m);
            NDArray xTrain = train.x(m);
            NDArray yTrain = train.y(m);
            double valLoss = Double.NaN;
            long valCorrect = 0;
            int valCount = 0;
            boolean archStep = ctx.epoch() >= options.archStartEpoch();
            distillStep = distillation == null ? null
                    : distillation.begin(train, xTrain, val, xVal, archStep, ctx, m);
            if (archStep) {
                double[] a = options.secondOrder()
                        ? new UnrolledGradient(supernet, weights, arch, weightOptimizer,
                                (l, y) -> weightLoss(l, y, ctx), this::archLoss, this::recordArchLogits)
                                .accumulate(xTrain, yTrain, xVal, yVal, ctx.weightLr())
                        : archGradient(xVal, yVal);
                archOptimizer.step(arch, ctx.archLr());
                valLoss = a[0];
                valCorrect = (long) a[1];
                valCount = val.size();
            }
            double[] w = weightStep(xTrain, yTrain, ctx);
            if (distillation != null) {
                distillation.end(ctx);
            }
            return new StepResult(w[0], (long) w[1], train.size(), valLoss, valCorrect, valCount);
        } finally {
            distillStep = null;
        }
    }

    /** Hands the logits of the architecture step's pass to the distillation's teachers (cache). */
    private void recordArchLogits(NDArray logits) {
        if (distillStep != null) {
            distillStep.recordVal(logits);
        }
    }

    /** First-order architecture gradient: d L_val(w, alpha) / d alpha; returns {loss, correct}. */
    private double[] archGradient(NDArray x, NDArray y) {
        Grads.track(weights, false);
        // own scope: the pass's activations are freed before the weight step allocates its own
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = supernet.forward(x, true);
            NDArray loss = archLoss(logits, y);
            gc.backward(loss);
            recordArchLogits(logits);
            return new double[] {Losses.scalar(loss), Losses.correct(logits, y)};
        } finally {
            Grads.track(weights, true);
        }
    }

    /** The weight step: SGD on the training loss; returns {loss, correct}. */
    private double[] weightStep(NDArray x, NDArray y, StepContext ctx) {
        Grads.track(arch, false);
        double[] out;
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = supernet.forward(x, true);
            NDArray loss = weightLoss(logits, y, ctx);
            gc.backward(loss);
            if (distillStep != null) {
                distillStep.recordTrain(logits);
            }
            out = new double[] {Losses.scalar(loss), Losses.correct(logits, y)};
        } finally {
            Grads.track(arch, true);
        }
        Grads.clipNorm(weights, options.gradClip());
        weightOptimizer.step(weights, ctx.weightLr());
        return out;
    }

    /**
     * The loss of the weight step (on the step's training batch): cross-entropy, plus the
     * self-distillation term when distilling; subclasses may add terms.
     */
    protected NDArray weightLoss(NDArray logits, NDArray labels, StepContext ctx) {
        NDArray ce = Losses.crossEntropy(logits, labels);
        return distillStep == null ? ce : distillStep.weightLoss(ce, logits);
    }

    /**
     * The loss of the architecture step (on the step's validation batch): cross-entropy, plus the
     * self-distillation term when the architecture step is distilled too.
     */
    protected NDArray archLoss(NDArray logits, NDArray labels) {
        NDArray ce = Losses.crossEntropy(logits, labels);
        return distillStep == null ? ce : distillStep.archLoss(ce, logits);
    }

    @Override
    public Map<String, NDArray> stateArrays() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        weightOptimizer.state().forEach((k, v) -> out.put("optim.weights." + k, v));
        archOptimizer.state().forEach((k, v) -> out.put("optim.arch." + k, v));
        if (distillation != null) {
            distillation.stateArrays().forEach((k, v) -> out.put("distill." + k, v));
        }
        return out;
    }

    @Override
    public JsonNode stateJson() {
        ObjectNode node = JSON.createObjectNode();
        node.set("arch_steps", JSON.valueToTree(archOptimizer.counters()));
        if (distillation != null) {
            node.set("distill", distillation.stateJson());
        }
        return node;
    }

    @Override
    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        weightOptimizer.loadState(NamedArrays.under(arrays, "optim.weights."));
        archOptimizer.loadState(NamedArrays.under(arrays, "optim.arch."));
        Map<String, Long> counts = new LinkedHashMap<>();
        json.path("arch_steps").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        archOptimizer.loadCounters(counts);
        if (distillation != null) {
            distillation.loadState(NamedArrays.under(arrays, "distill."), json.path("distill"));
        }
    }
}
