package org.distillnas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.data.BatchStream;
import org.distillnas.eval.Evaluator;
import org.distillnas.eval.SubnetEvaluation;
import org.distillnas.nn.Module;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.strategy.SampledStrategy;

/**
 * Training a sampling supernet as a training task: each step hands the strategy a training batch;
 * each epoch ends with the largest and the smallest subnet scored with inherited weights (BatchNorm
 * recalibrated) on the validation split, the two ends of what the supernet offers.
 */
public final class SampledSearchTask implements TrainingTask {
    private final SampledStrategy strategy;
    private final BatchStream train;
    private final SubnetEvaluation evaluation;
    private Evaluator.Result largest;
    private Evaluator.Result smallest;

    /**
     * @param train training split with augmentation
     * @param evaluation scores subnets on the validation split in fixed order
     */
    public SampledSearchTask(SampledStrategy strategy, BatchStream train, SubnetEvaluation evaluation) {
        this.strategy = strategy;
        this.train = train;
        this.evaluation = evaluation;
    }

    @Override
    public Module model() {
        return strategy.supernet();
    }

    @Override
    public int stepsPerEpoch() {
        return train.batchesPerEpoch();
    }

    @Override
    public StepResult step(StepContext ctx) {
        return strategy.step(train.batch(ctx.epoch(), ctx.step()), ctx);
    }

    /** The largest subnet's score: what the epoch's validation accuracy reports. */
    @Override
    public Evaluator.Result evaluate(NDManager manager) {
        Subnet max = evaluation.space().largest();
        largest = evaluation.evaluate(max, manager);
        smallest = evaluation.evaluate(evaluation.space().smallest(), manager);
        return largest;
    }

    @Override
    public Map<String, Object> epochMetrics(int epoch, NDManager manager) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("val_acc_smallest", smallest.accuracy());
        out.put("val_loss_smallest", smallest.loss());
        // steps skipped for non-finite gradients, since the start of the run
        out.put("skipped_steps", strategy.stateJson().path("skipped_steps").asLong(0));
        out.putAll(strategy.epochMetrics());
        return out;
    }

    @Override
    public String describe() {
        return String.format("largest subnet %.2f%%, smallest %.2f%% (inherited weights)", 100 * largest.accuracy(),
                100 * smallest.accuracy());
    }

    @Override
    public Map<String, NDArray> stateArrays() {
        return strategy.stateArrays();
    }

    @Override
    public JsonNode stateJson() {
        return strategy.stateJson();
    }

    @Override
    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        strategy.loadState(arrays, json);
    }
}
