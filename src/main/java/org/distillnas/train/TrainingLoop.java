package org.distillnas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.eval.Evaluator;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.util.EngineRandom;
import org.distillnas.util.NoGrad;

/**
 * The one loop every search method and every retraining runs in: epochs with a cosine
 * learning-rate schedule, one {@link TrainingTask#step} at a time, each in its own array scope (so
 * memory stays flat), an evaluation after each epoch, JSONL logs, and a checkpoint after each
 * epoch from which a killed run resumes exactly.
 */
public final class TrainingLoop {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopConfig config;
    private final TrainingTask task;
    private final RunFiles files;
    private final List<LoopListener> listeners = new ArrayList<>();
    private final LrSchedule schedule;
    private final Checkpointer checkpointer;

    public TrainingLoop(LoopConfig config, TrainingTask task, RunFiles files) {
        this.config = config;
        this.task = task;
        this.files = files;
        this.schedule = new LrSchedule(config.lr(), config.lrMin(), config.epochs(), config.lrWarmupEpochs());
        this.checkpointer = new Checkpointer(files.checkpoints(), 2);
    }

    public TrainingLoop addListener(LoopListener l) {
        listeners.add(l);
        return this;
    }

    /** Runs from the start, or from the last checkpoint when {@code resume} is set. */
    public List<EpochSummary> run(boolean resume) {
        NDManager manager = task.model().namedParams().values().iterator().next().value().getManager();
        int startEpoch = 0;
        // resuming a run killed before its first checkpoint starts it over: its logs are cut to nothing
        long metricsSize = resume ? 0 : -1;
        long alphasSize = resume ? 0 : -1;
        List<EpochSummary> history = new ArrayList<>();
        if (resume && checkpointer.exists()) {
            JsonNode state = restore(manager);
            for (String field : new String[] {"epochs_done", "metrics_bytes", "alphas_bytes", "history"}) {
                if (!state.hasNonNull(field)) {
                    throw new org.distillnas.util.BadInputException("corrupt checkpoint " + checkpointer.latestName() + " in "
                            + files.checkpoints() + ": state.json has no '" + field + "'");
                }
            }
            startEpoch = state.get("epochs_done").asInt();
            metricsSize = state.get("metrics_bytes").asLong();
            alphasSize = state.get("alphas_bytes").asLong();
            for (JsonNode h : state.get("history")) {
                history.add(JSON.convertValue(h, EpochSummary.class));
            }
        }
        int steps = task.stepsPerEpoch();
        // libtorch records autograd per thread and starts every thread recording; DJL switches it off
        // only on the thread that loads the engine. The steps switch it on where they need it
        // (GradientCollector), so a loop run on any other thread (a library user's, a test's) must
        // start from "off" too, or the optimizers' in-place updates of leaf parameters fail.
        try (NoGrad baseline = NoGrad.open(); RunLog log = new RunLog(files, metricsSize, alphasSize)) {
            if (startEpoch == 0) {
                task.logEpoch(log, 0, 0);
            }
            for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
                EpochSummary s = epoch(epoch, steps, log, manager);
                history.add(s);
                log.epoch(s);
                task.logEpoch(log, epoch + 1, (long) (epoch + 1) * steps);
                save(epoch + 1, log, history);
                listeners.forEach(l -> l.onEpochEnd(s));
            }
        }
        listeners.forEach(LoopListener::onEnd);
        return history;
    }

    private EpochSummary epoch(int epoch, int steps, RunLog log, NDManager manager) {
        long start = System.nanoTime();
        double lr = schedule.at(epoch);
        listeners.forEach(l -> l.onEpochStart(epoch, config.epochs(), steps));
        RunningMean trainMean = new RunningMean();
        RunningMean archMean = new RunningMean();
        for (int i = 0; i < steps; i++) {
            StepContext ctx = new StepContext(epoch, i, (long) epoch * steps + i, lr, config.archLr());
            StepResult r;
            // random tensors of this step depend on (seed, step) only, so a resumed run draws the same
            EngineRandom.reseed(config.seed(), ctx.globalStep());
            try (NDScope scope = new NDScope()) {
                r = task.step(ctx);
            }
            trainMean.add(r.trainLoss(), r.trainCorrect(), r.trainCount());
            archMean.add(r.valLoss(), r.valCorrect(), r.valCount());
            if ((i + 1) % config.logEvery() == 0 || i == steps - 1) {
                log.step(ctx, trainMean.loss(), trainMean.accuracy(), archMean.loss());
            }
            listeners.forEach(l -> l.onStep(ctx, r, trainMean.loss(), trainMean.accuracy()));
        }
        Evaluator.Result eval = task.evaluate(manager);
        Map<String, Object> extras = task.epochMetrics(epoch + 1, manager);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochSummary(epoch + 1, trainMean.loss(), trainMean.accuracy(), archMean.loss(),
                archMean.accuracy(), eval.loss(), eval.accuracy(), eval.top5(), lr, seconds, task.describe(), extras);
    }

    private void save(int epochsDone, RunLog log, List<EpochSummary> history) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        task.model().namedParams().forEach((name, p) -> arrays.put("net." + name, p.value()));
        task.stateArrays().forEach((name, a) -> arrays.put("strategy." + name, a));
        ObjectNode state = JSON.createObjectNode();
        state.put("epochs_done", epochsDone);
        state.put("metrics_bytes", log.metricsPosition());
        state.put("alphas_bytes", log.alphasPosition());
        state.set("strategy", task.stateJson());
        state.set("history", JSON.valueToTree(history));
        try (NDScope scope = new NDScope(); NoGrad ignored = NoGrad.open()) {
            checkpointer.save(String.format("epoch-%04d", epochsDone), arrays, state);
        }
    }

    private JsonNode restore(NDManager manager) {
        try (NDManager m = manager.newSubManager(); NoGrad ignored = NoGrad.open()) {
            Checkpointer.Loaded loaded = checkpointer.loadLatest(m);
            task.model().loadArrays(loaded.arrays(), "net.", "checkpoint of " + files.dir(),
                    "was the run's config.json edited?");
            Map<String, NDArray> strategyArrays = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : loaded.arrays().entrySet()) {
                if (e.getKey().startsWith("strategy.")) {
                    NDArray a = e.getValue();
                    a.attach(manager);
                    strategyArrays.put(e.getKey().substring("strategy.".length()), a);
                }
            }
            task.loadState(strategyArrays, loaded.state().get("strategy"));
            strategyArrays.values().forEach(NDArray::close);
            return loaded.state();
        }
    }
}
