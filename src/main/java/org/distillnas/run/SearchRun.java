package org.distillnas.run;

import org.distillnas.train.EpochSummary;
import org.distillnas.train.LoopConfig;
import org.distillnas.train.ProgressListener;
import org.distillnas.train.RunFiles;
import org.distillnas.train.SearchConfig;
import org.distillnas.train.SearchTask;
import org.distillnas.train.TrainingLoop;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.data.BatchStream;
import org.distillnas.eval.ArchitectureCost;
import org.distillnas.eval.Evaluator;
import org.distillnas.eval.OneShot;
import org.distillnas.report.SearchPlots;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.strategy.Methods;
import org.distillnas.strategy.SearchStrategy;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineConfig;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.Failpoints;

/**
 * A whole search, from a configuration to a run folder: loads the data, splits it, builds the
 * space's supernet and the method's strategy, runs them in the {@link TrainingLoop}, and writes the genotype,
 * a summary and the plots.
 */
public final class SearchRun {
    /** Training batches over which BatchNorm statistics of the inherited network are averaged. */
    static final int RECALIBRATION_BATCHES = 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchConfig config;
    private final RunFiles files;
    private final PrintStream out;
    private final boolean progressBar;

    public SearchRun(SearchConfig config, Path runDir, PrintStream out, boolean progressBar) {
        // a new run records the thread counts in force, since they decide its results
        this.config = config.engine() == null ? config.withEngine(EngineSetup.inForce()) : config;
        this.files = new RunFiles(runDir);
        this.out = out;
        this.progressBar = progressBar;
    }

    /** Reads the configuration a search run folder was started with (for the commands that read a finished run). */
    public static SearchConfig readConfig(Path runDir) {
        return readConfig(runDir, "cannot read " + runDir);
    }

    /** The configuration of a search run folder; errors begin with {@code context} (e.g. "cannot resume runs/x"). */
    public static SearchConfig readConfig(Path runDir, String context) {
        return new RunFiles(runDir).readConfig(SearchConfig.class, context, "search run");
    }

    /** Runs (or resumes) the search; returns the final genotype. */
    public Genotype run(boolean resume, boolean download) {
        SearchSpace space = Spaces.byName(config.space());
        Methods.check(config.method());
        long t0 = System.nanoTime();
        SearchData data = SearchData.load(config, download);
        BatchStream train = data.train();
        BatchStream val = data.val();
        BatchStream valEval = data.valEval();
        if (!resume) {
            prepareFolder(files, config);
        } else {
            String warning = EngineConfig.resumeWarning(config.engine(), EngineSetup.inForce());
            if (warning != null) {
                out.println(warning);
            }
        }
        MacroConfig macro = data.macro();
        try (NDManager manager = EngineSetup.newManager()) {
            Supernet supernet = SearchSupernets.build(space, macro, config, SearchSupernets.paramFactory(manager, config));
            SearchStrategy strategy = Methods.forRun(supernet, config, data.trainImages(), data.valImages());
            out.printf("%s %s on %s: %d train / %d val images, %d steps per epoch, %d epochs, supernet %,d parameters%s, on %s%n",
                    config.method(), space.name(), config.dataset(), data.trainImages(), data.valImages(),
                    Math.min(train.batchesPerEpoch(), val.batchesPerEpoch()), config.epochs(),
                    supernet.countParameters(), describe(supernet.options()), DeviceChoice.of(manager.getDevice()));
            LoopConfig loopConfig = new LoopConfig(config.epochs(), config.weightLr(), config.weightLrMin(),
                    config.archLr(), config.logEvery(), config.seed());
            TrainingLoop loop = new TrainingLoop(loopConfig, new SearchTask(strategy, train, val, valEval,
                    config.sharpnessIterations(), config.sharpnessBatches(), config.solver(), config.seed(),
                    SearchSupernets.builder(space, macro, config)), files)
                    .addListener(new ProgressListener(out, progressBar));
            List<EpochSummary> history = loop.run(resume);
            Failpoints.passUnchecked(Failpoints.FINAL_OUTPUTS);
            Genotype genotype = supernet.genotype();
            GenotypeJson.save(genotype, files.genotype());
            // the discretisation gap's second half: the discrete network with the supernet's weights
            Evaluator.Result discrete = OneShot.evaluate(space, supernet, genotype, macro, train, valEval,
                    RECALIBRATION_BATCHES, manager);
            writeSummary(space, genotype, history, macro, manager, (System.nanoTime() - t0) / 1e9, data, discrete);
            SearchPlots.plotCurves(files.metrics(), files.curvesPlot());
            SearchPlots.plotAlphas(files.alphas(), files.dir());
            SearchPlots.plotCells(genotype, files.dir());
            if (config.sharpnessIterations() > 0) {
                SearchPlots.plotMetric(files.metrics(), "sharpness", "Sharpness: dominant Hessian eigenvalue of L_val w.r.t. alpha",
                        files.dir().resolve("sharpness.png"));
            }
            return genotype;
        }
    }

    /** The supernet's PC-DARTS settings, when it has any, for the run's first line. */
    private static String describe(SupernetOptions o) {
        List<String> parts = new java.util.ArrayList<>();
        if (o.partial()) {
            parts.add("1/" + o.partialChannels() + " of the channels through the ops");
        }
        if (o.edgeNormalization()) {
            parts.add("edge normalisation");
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** Creates a new run folder with its config.json; refuses a folder that already holds a search. */
    static void prepareFolder(RunFiles files, SearchConfig config) {
        try {
            Files.createDirectories(files.dir());
            if (Files.exists(files.config())) {
                throw new BadInputException("run folder " + files.dir() + " already holds a search: pass --resume "
                        + files.dir() + " to continue it, or choose another --out");
            }
            AtomicFiles.writeString(files.config(), JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new BadInputException("cannot create run folder " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    private void writeSummary(SearchSpace space, Genotype genotype, List<EpochSummary> history, MacroConfig macro,
            NDManager manager, double seconds, SearchData data, Evaluator.Result discrete) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("space", space.name());
        s.put("method", config.method());
        s.put("genotype", genotype.toString());
        EpochSummary last = history.get(history.size() - 1);
        s.put("supernet_val_acc", last.valAcc());
        s.put("supernet_val_loss", last.valLoss());
        s.put("discrete_inherited_val_acc", discrete.accuracy());
        if (config.supernetOptions().partial()) {
            // ops of 1/K of the channels: the genotype is scored as its path through the supernet
            s.put("discrete_inherited_form", "path through the partial-channel supernet (K=" + config.partialChannels() + ")");
        }
        s.put("discretization_gap", last.valAcc() - discrete.accuracy());
        s.put("recalibration_batches", RECALIBRATION_BATCHES);
        s.put("epochs", history.size());
        s.put("wall_seconds_this_invocation", seconds);
        s.put("cost_at_search_size", ArchitectureCost.of(space, genotype, macro, data.height(), data.width(), manager));
        MacroConfig standard = space.standardNetwork(macro.inChannels(), macro.numClasses());
        s.put("cost_at_standard_size", ArchitectureCost.of(space, genotype, standard, data.height(), data.width(), manager));
        try {
            AtomicFiles.writeString(files.summary(), JSON.writeValueAsString(s));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.printf("supernet val acc %.2f%%, discrete network with inherited weights %.2f%% (gap %.2f points)%n",
                100 * last.valAcc(), 100 * discrete.accuracy(), 100 * (last.valAcc() - discrete.accuracy()));
        out.println("genotype: " + genotype);
    }
}
