package org.distillnas.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.ParamFactory;
import org.distillnas.report.SearchPlots;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.strategy.Methods;
import org.distillnas.strategy.SampledStrategy;
import org.distillnas.strategy.cream.CreamStrategy;
import org.distillnas.train.EpochSummary;
import org.distillnas.train.LoopConfig;
import org.distillnas.train.ProgressListener;
import org.distillnas.train.RunFiles;
import org.distillnas.train.SampledSearchTask;
import org.distillnas.train.SearchConfig;
import org.distillnas.train.TrainingLoop;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineConfig;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.Failpoints;

/**
 * The training of a sampling supernet (spos, sandwich), from a configuration to a run folder: the
 * same folder, loop, checkpoints and exact resume as a DARTS search. It picks no architecture: that
 * is {@code evolve}'s job on the trained supernet. The summary gives both ends of the space (largest
 * and smallest subnet) with their cost and their accuracy with inherited weights.
 */
public final class SampledSearchRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchConfig config;
    private final RunFiles files;
    private final PrintStream out;
    private final boolean progressBar;

    public SampledSearchRun(SearchConfig config, Path runDir, PrintStream out, boolean progressBar) {
        // a new run records the thread counts in force, since they decide its results
        this.config = config.engine() == null ? config.withEngine(EngineSetup.inForce()) : config;
        this.files = new RunFiles(runDir);
        this.out = out;
        this.progressBar = progressBar;
    }

    /** Trains (or resumes) the supernet; returns the final epoch's summary. */
    public EpochSummary run(boolean resume, boolean download) {
        long t0 = System.nanoTime();
        SearchData data = SearchData.load(config, download);
        if (!resume) {
            SearchRun.prepareFolder(files, config);
        } else {
            String warning = EngineConfig.resumeWarning(config.engine(), EngineSetup.inForce());
            if (warning != null) {
                out.println(warning);
            }
        }
        try (NDManager manager = EngineSetup.newManager()) {
            TrainedSupernet t = TrainedSupernet.create(config, data, manager);
            SampledStrategy strategy = Methods.createSampled(t.supernet(), t.sampler(), config, t.heldOutBatch());
            out.printf("%s on %s (%s weights): %d train / %d val images, %d steps per epoch, %d epochs, supernet %,d "
                    + "parameters, subnets of %.2f to %.2f M multiply-adds, on %s%n", config.method(), t.space().name(),
                    t.supernet().sharing().label(), data.trainImages(), data.valImages(), data.train().batchesPerEpoch(),
                    config.epochs(), t.supernet().countParameters(), t.sampler().macs(t.space().smallest()) / 1e6,
                    t.sampler().macs(t.space().largest()) / 1e6, DeviceChoice.of(manager.getDevice()));
            LoopConfig loopConfig = new LoopConfig(config.epochs(), config.weightLr(), config.weightLrMin(),
                    config.archLr(), config.logEvery(), config.seed(), config.sampling().lrWarmupEpochs());
            TrainingLoop loop = new TrainingLoop(loopConfig, new SampledSearchTask(strategy, data.train(), t.evaluation()),
                    files).addListener(new ProgressListener(out, progressBar));
            List<EpochSummary> history = loop.run(resume);
            Failpoints.passUnchecked(Failpoints.FINAL_OUTPUTS);
            EpochSummary last = history.get(history.size() - 1);
            Object boardBest = null;
            if (strategy instanceof CreamStrategy cream) {
                boardBest = BoardFiles.write(cream.board(), files.dir());
            }
            writeSummary(t, last, manager, (System.nanoTime() - t0) / 1e9, boardBest);
            SearchPlots.plotCurves(files.metrics(), files.curvesPlot());
            out.printf("largest subnet %.2f%%, smallest %.2f%% with inherited weights; next: distillnas evolve %s%n",
                    100 * last.valAcc(), 100 * smallestAcc(last), files.dir());
            if (boardBest != null) {
                out.printf("board's best path (%s): %s; distillnas board %s --budget M picks under a budget%n",
                        BoardFiles.BEST, ((com.fasterxml.jackson.databind.JsonNode) boardBest).path("subnet").asText(),
                        files.dir());
            }
            return last;
        }
    }

    private static double smallestAcc(EpochSummary s) {
        Object v = s.extras().get("val_acc_smallest");
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private void writeSummary(TrainedSupernet t, EpochSummary last, NDManager manager, double seconds, Object boardBest) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("space", t.space().name());
        s.put("method", config.method());
        s.put("weight_sharing", t.supernet().sharing().label());
        s.put("supernet_parameters", t.supernet().countParameters());
        s.put("largest", end(t, t.space().largest(), last.valAcc(), manager));
        s.put("smallest", end(t, t.space().smallest(), smallestAcc(last), manager));
        if (boardBest != null) {
            s.put("board_best", boardBest);
        }
        s.put("recalibration_batches", config.sampling().recalibrationBatches());
        s.put("epochs", last.epoch());
        s.put("wall_seconds_this_invocation", seconds);
        try {
            AtomicFiles.writeString(files.summary(), JSON.writeValueAsString(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> end(TrainedSupernet t, Subnet subnet, double acc, NDManager manager) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("subnet", subnet.toString());
        e.put("macs", t.sampler().macs(subnet));
        try (NDManager m = manager.newSubManager()) {
            e.put("parameters", t.space().network(subnet, t.inChannels(), t.numClasses(), new ParamFactory(m, 0))
                    .countParameters());
        }
        e.put("inherited_val_acc", acc);
        return e;
    }
}
