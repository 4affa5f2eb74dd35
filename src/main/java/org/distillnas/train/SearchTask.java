package org.distillnas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.distillnas.data.BatchStream;
import org.distillnas.eval.Evaluator;
import org.distillnas.eval.Sharpness;
import org.distillnas.nn.Module;
import org.distillnas.strategy.SearchStrategy;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;

/**
 * A search as a training task: each step hands the strategy a training and a validation batch;
 * each epoch ends with the supernet's accuracy on the whole validation split and a line of
 * softmax(alpha) in {@code alphas.jsonl}.
 */
public final class SearchTask implements TrainingTask {
    private final SearchStrategy strategy;
    private final BatchStream train;
    private final BatchStream val;
    private final BatchStream valEval;
    private final int sharpnessIterations;
    private final int sharpnessBatches;
    private final Sharpness.Solver solver;
    private final long seed;
    private final java.util.function.Function<org.distillnas.nn.ParamFactory, org.distillnas.supernet.Supernet> twin;

    /**
     * @param train training split with augmentation (weight steps)
     * @param val validation split as the architecture steps see it
     * @param valEval validation split in fixed order without augmentation (epoch-end evaluation)
     */
    public SearchTask(SearchStrategy strategy, BatchStream train, BatchStream val, BatchStream valEval) {
        this(strategy, train, val, valEval, 0, 0, Sharpness.Solver.AUTO, 0, null);
    }

    /**
     * @param sharpnessIterations power iterations of the sharpness estimate after each epoch (0: no
     *     estimate, whatever the solver)
     * @param sharpnessBatches validation batches of that estimate
     * @param solver how the estimate is computed
     * @param twin builds a supernet like the searched one (for the sharpness's double-precision copy)
     */
    public SearchTask(SearchStrategy strategy, BatchStream train, BatchStream val, BatchStream valEval,
            int sharpnessIterations, int sharpnessBatches, Sharpness.Solver solver, long seed,
            java.util.function.Function<org.distillnas.nn.ParamFactory, org.distillnas.supernet.Supernet> twin) {
        this.twin = twin;
        this.sharpnessIterations = sharpnessIterations;
        this.sharpnessBatches = sharpnessBatches;
        this.solver = solver;
        this.seed = seed;
        this.strategy = strategy;
        this.train = train;
        this.val = val;
        this.valEval = valEval;
    }

    @Override
    public Module model() {
        return strategy.supernet();
    }

    /** One step per pair of batches, so the shorter split decides. */
    @Override
    public int stepsPerEpoch() {
        return Math.min(train.batchesPerEpoch(), val.batchesPerEpoch());
    }

    @Override
    public StepResult step(StepContext ctx) {
        return strategy.step(train.batch(ctx.epoch(), ctx.step()), val.batch(ctx.epoch(), ctx.step()), ctx);
    }

    @Override
    public Evaluator.Result evaluate(NDManager manager) {
        return Evaluator.evaluate(strategy.supernet()::forward, valEval, manager);
    }

    @Override
    public Map<String, Object> epochMetrics(int epoch, NDManager manager) {
        if (sharpnessIterations == 0) {
            return Map.of();
        }
        Sharpness.Estimate r = Sharpness.estimate(strategy.supernet(), twin, valEval, sharpnessBatches, solver,
                sharpnessIterations, seed + epoch, manager);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("sharpness", r.eigenvalue());
        out.put("sharpness_solver", r.solver().toString());
        out.put("sharpness_iterations", r.products());
        out.put("sharpness_converged", r.converged());
        if (r.solver() == Sharpness.Solver.EXACT) {
            out.put("sharpness_asymmetry", r.asymmetry());
            out.put("sharpness_radius", r.radius());
        }
        return out;
    }

    @Override
    public String describe() {
        return strategy.supernet().genotype().toString();
    }

    @Override
    public void logEpoch(RunLog log, int epoch, long globalStep) {
        log.alphas(epoch, globalStep, strategy.supernet());
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
