package org.distillnas.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.data.BatchStream;
import org.distillnas.eval.Evaluator;
import org.distillnas.nn.Fn;
import org.distillnas.nn.Module;
import org.distillnas.nn.Param;
import org.distillnas.strategy.Grads;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.DropPath;
import org.distillnas.train.optim.Sgd;

/**
 * Training one architecture from scratch: SGD with momentum on the (label-smoothed)
 * cross-entropy, plus the auxiliary head's loss times its weight, drop-path rising linearly to its
 * final probability, gradient-norm clipping; evaluated on the test set after every epoch.
 */
public final class RetrainTask implements TrainingTask {
    private final DiscreteNetwork network;
    private final BatchStream train;
    private final BatchStream test;
    private final TrainConfig config;
    private final Map<String, Param> weights;
    private final Sgd optimizer;
    private final NDManager manager;
    private long skipped;

    public RetrainTask(DiscreteNetwork network, BatchStream train, BatchStream test, TrainConfig config) {
        this.network = network;
        this.train = train;
        this.test = test;
        this.config = config;
        this.weights = network.namedParams(Param::trainable);
        this.optimizer = new Sgd(config.momentum(), config.weightDecay(), config.nesterov());
        this.manager = weights.values().iterator().next().value().getManager();
    }

    @Override
    public Module model() {
        return network;
    }

    @Override
    public int stepsPerEpoch() {
        return train.batchesPerEpoch();
    }

    @Override
    public StepResult step(StepContext ctx) {
        Batch b = train.batch(ctx.epoch(), ctx.step());
        DropPath dropPath = network.dropPath();
        if (dropPath != null) {
            // DARTS raises the probability linearly with the epoch
            dropPath.prepare(config.dropPath() * ctx.epoch() / config.epochs(), config.seed() * 1_000_003L + ctx.globalStep());
        }
        double loss;
        long correct;
        try (NDManager m = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = b.y(m);
            NDList out = network.forwardTraining(b.x(m));
            NDArray total = Losses.crossEntropy(out.get(0), y, config.labelSmoothing());
            if (out.size() > 1 && config.auxWeight() > 0) {
                NDArray aux = Losses.crossEntropy(out.get(1), y, config.labelSmoothing());
                total = total.add(aux.mul(Fn.scalar(aux, config.auxWeight()))); // not a Java number: see Fn.scalar
            }
            gc.backward(total);
            loss = Losses.scalar(total);
            correct = Losses.correct(out.get(0), y);
        }
        double norm = Grads.clipNorm(weights, config.gradClip());
        if (config.gradClip() > 0 && !Double.isFinite(norm)) {
            // non-finite gradients from a finite loss: skipped, not applied (see SampledWeights)
            weights.values().forEach(Param::zeroGradient);
            skipped++;
        } else {
            optimizer.step(weights, ctx.weightLr());
        }
        return new StepResult(loss, correct, b.size(), Double.NaN, 0, 0);
    }

    @Override
    public Evaluator.Result evaluate(NDManager m) {
        return Evaluator.evaluate(network::forward, test, m);
    }

    @Override
    public Map<String, NDArray> stateArrays() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        optimizer.state().forEach((k, v) -> out.put("optim." + k, v));
        return out;
    }

    @Override
    public JsonNode stateJson() {
        return JsonNodeFactory.instance.objectNode().put("skipped_steps", skipped);
    }

    /** Steps skipped for non-finite gradients, reported once there are any. */
    @Override
    public Map<String, Object> epochMetrics(int epoch, NDManager m) {
        return skipped == 0 ? Map.of() : Map.of("skipped_steps", skipped);
    }

    @Override
    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith("optim.")) {
                state.put(k.substring("optim.".length()), v);
            }
        });
        optimizer.loadState(state);
        skipped = json.path("skipped_steps").asLong(0);
    }
}
