package org.distillnas.run;

import org.distillnas.train.EpochSummary;
import org.distillnas.train.LoopConfig;
import org.distillnas.train.ModelFiles;
import org.distillnas.train.ProgressListener;
import org.distillnas.train.RetrainTask;
import org.distillnas.train.RunFiles;
import org.distillnas.train.TrainConfig;
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
import org.distillnas.data.Augmentation;
import org.distillnas.data.BatchStream;
import org.distillnas.data.DataSplits;
import org.distillnas.data.DatasetKind;
import org.distillnas.data.Datasets;
import org.distillnas.data.ImageDataset;
import org.distillnas.data.Normalization;
import org.distillnas.eval.Evaluator;
import org.distillnas.eval.NetworkCost;
import org.distillnas.eval.StandaloneNetworks;
import org.distillnas.eval.SubnetCost;
import org.distillnas.nn.ParamFactory;
import org.distillnas.report.SearchPlots;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineConfig;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.Failpoints;

/**
 * Trains one architecture from scratch into a model folder: {@code config.json},
 * {@code genotype.json}, {@code metrics.jsonl}, {@code checkpoints/}, {@code curves.png}, and at
 * the end {@code model.safetensors} (every parameter and buffer under its dotted name) and
 * {@code results.json} (test top-1/top-5, parameters, FLOPs, wall time).
 *
 * <p>The architecture is a cell genotype, sized by the configuration's channels and cells, or a
 * subnet of a sampling space, which carries its own widths and input resolution (its FLOPs are
 * counted at that resolution, and {@code results.json} records it).
 */
public final class TrainRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainConfig config;
    private final Genotype genotype;
    private final ModelFiles files;
    private final PrintStream out;
    private final boolean progressBar;

    public TrainRun(TrainConfig config, Genotype genotype, Path modelDir, PrintStream out, boolean progressBar) {
        // a new run records the thread counts in force, since they decide its results
        this.config = config.engine() == null ? config.withEngine(EngineSetup.inForce()) : config;
        this.genotype = genotype;
        this.files = new ModelFiles(modelDir);
        this.out = out;
        this.progressBar = progressBar;
    }

    /** Trains (or resumes) and returns the final test evaluation. */
    public Evaluator.Result run(boolean resume, boolean download) {
        DatasetKind kind = DatasetKind.parse(config.dataset());
        long t0 = System.nanoTime();
        DataSplits data = Datasets.load(kind, config.dataDir() == null ? null : Path.of(config.dataDir()), download);
        ImageDataset trainSet = data.train().limit(config.limit());
        Normalization norm = Normalization.of(kind, data.train());
        Augmentation aug = new Augmentation(config.cropPadding(), config.flip(), config.cutout());
        BatchStream train = new BatchStream(trainSet, norm, aug, config.batchSize(), true, true, config.seed());
        BatchStream test = new BatchStream(data.test(), norm, Augmentation.none(), 256, false, false, 0);
        if (train.batchesPerEpoch() == 0) {
            throw new BadInputException("--limit " + config.limit() + " leaves no full batch of " + config.batchSize());
        }
        StandaloneNetworks.check(config, genotype, trainSet.channels(), trainSet.numClasses());
        if (!resume) {
            prepareFolder();
        } else {
            String warning = EngineConfig.resumeWarning(config.engine(), EngineSetup.inForce());
            if (warning != null) {
                out.println(warning);
            }
        }
        try (NDManager manager = EngineSetup.newManager()) {
            DiscreteNetwork net = StandaloneNetworks.build(config, genotype, trainSet.channels(), trainSet.numClasses(),
                    new ParamFactory(manager, config.seed()));
            NetworkCost cost = StandaloneNetworks.cost(config, genotype, trainSet.channels(), trainSet.numClasses(),
                    trainSet.height(), trainSet.width(), manager);
            out.printf("training %s on %s: %d images, %d steps per epoch, %d epochs, %,d parameters, %.2f M FLOPs, on %s%n",
                    genotype, config.dataset(), trainSet.size(), train.batchesPerEpoch(), config.epochs(),
                    cost.parameters(), cost.macs() / 1e6, DeviceChoice.of(manager.getDevice()));
            LoopConfig loopConfig = new LoopConfig(config.epochs(), config.lr(), config.lrMin(), 0, config.logEvery(), config.seed());
            TrainingLoop loop = new TrainingLoop(loopConfig, new RetrainTask(net, train, test, config), files.run())
                    .addListener(new ProgressListener(out, progressBar));
            List<EpochSummary> history = loop.run(resume);
            Failpoints.passUnchecked(Failpoints.FINAL_OUTPUTS);
            EpochSummary last = history.get(history.size() - 1);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "distillnas");
            meta.put("genotype", GenotypeJson.write(genotype));
            meta.put("config", JSON.writeValueAsString(config));
            org.distillnas.report.Safetensors.writeModule(files.weights(), net, meta);
            Evaluator.Result result = new Evaluator.Result(last.valLoss(), last.valAcc(), last.valTop5(), data.test().size());
            writeResults(result, cost, history, (System.nanoTime() - t0) / 1e9);
            SearchPlots.plotCurves(files.run().metrics(), files.run().curvesPlot());
            out.printf("test top-1 %.2f%%, top-5 %.2f%%; model folder %s%n", 100 * result.accuracy(), 100 * result.top5(),
                    files.dir().toAbsolutePath());
            return result;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void prepareFolder() {
        try {
            Files.createDirectories(files.dir());
            if (Files.exists(files.run().config())) {
                throw new BadInputException("model folder " + files.dir() + " already holds a training: pass --resume "
                        + files.dir() + " to continue it, or choose another --out");
            }
            // config.json last: it is what marks a folder as a training to resume, so a kill between
            // the two writes must not leave a folder that says "resume me" without its genotype
            GenotypeJson.save(genotype, files.run().genotype());
            AtomicFiles.writeString(files.run().config(), JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new BadInputException("cannot create model folder " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    private void writeResults(Evaluator.Result r, NetworkCost cost, List<EpochSummary> history, double seconds)
            throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("genotype", genotype.toString());
        s.put("dataset", config.dataset());
        s.put("test_top1", r.accuracy());
        s.put("test_top5", r.top5());
        s.put("test_loss", r.loss());
        s.put("test_samples", r.samples());
        s.put("parameters", cost.parameters());
        s.put("macs", cost.macs());
        if (cost instanceof SubnetCost subnetCost) {
            s.put("resolution", subnetCost.resolution()); // the MACs are at this size, not the data's
        }
        s.put("epochs", history.size());
        double trainSeconds = history.stream().mapToDouble(EpochSummary::seconds).sum();
        s.put("train_seconds", trainSeconds);
        s.put("wall_seconds_this_invocation", seconds);
        AtomicFiles.writeString(files.results(), JSON.writeValueAsString(s));
    }

    /** Reads the configuration of a model folder. */
    public static TrainConfig readConfig(Path modelDir) {
        return TrainConfig.read(modelDir);
    }
}
