package org.distillnas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.data.DatasetKind;
import org.distillnas.space.Spaces;
import org.distillnas.strategy.MethodDefaults;
import org.distillnas.strategy.Methods;
import org.distillnas.supernet.RandomFeatures;
import org.distillnas.train.SearchConfig;
import org.distillnas.run.RunFailure;
import org.distillnas.run.SampledSearchRun;
import org.distillnas.run.SearchRun;
import org.distillnas.space.SampledSpaces;
import org.distillnas.util.BadInputException;
import org.distillnas.util.DeviceChoice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distillnas search}: runs (or resumes) an architecture search. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {
            "Searches an architecture with a weight-sharing supernet.",
            "Writes a run folder:",
            "config.json, metrics.jsonl, alphas.jsonl, genotype.json, summary.json, cell-*.png, checkpoints/, *.png.",
            "The defaults are a quick search (a few minutes on 2 cores); --preset paper gives the papers' settings.",
            "",
            "Example: distillnas search --space nb201 --method darts --epochs 10 --out runs/nb201-darts"})
public final class SearchCommand implements Callable<Integer> {
    /** Sets of defaults. */
    enum Preset { quick, paper }

    @Option(names = "--space", defaultValue = "nb201", paramLabel = "SPACE",
            description = "Search space: nb201, darts, or RobustDARTS's reduced DARTS spaces darts-s1, darts-s2, darts-s3,"
                    + " darts-s4 (S4 offers a noise op); sampling spaces of inverted-residual blocks mbv3-small (small images), mbv3-slim (its largest subnet,"
                    + " slimmable: one width multiplier), attentive-nas, cream-mbv3, or a space file (.yaml, .json) (default: ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--method", paramLabel = "METHOD",
            description = "Search method: darts (first order), darts-2nd (second order), pc-darts (partial channels, edge normalisation), rf-darts and rf-pcdarts (random features), sd-darts (first order with self-distillation, see --sd-*); on sampling spaces spos (one path per step), sandwich (largest, random and smallest subnet per step, all on the labels) or alphanet (sandwich with the others distilled from the largest, see --kd-loss) (default: darts; spos on sampling spaces).")
    String method;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "NAME",
            description = "fashion-mnist, cifar10, cifar100 or image-folder (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the data set files (default: the data set's usual place, e.g. /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--download", description = "Download the data set from its official address if it is missing.")
    boolean download;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder to create (default: runs/<space>-<method>-seed<seed>).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the search of this run folder from its last checkpoint, with its saved settings.")
    Path resume;

    @Option(names = "--preset", defaultValue = "quick", paramLabel = "NAME",
            description = "quick (minutes on a laptop CPU) or paper (the papers' full settings); explicit options override it (default: ${DEFAULT-VALUE}).")
    Preset preset;

    @Option(names = "--epochs", paramLabel = "N", description = "Search epochs (quick: 8, paper: 50).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size of both steps (default: 64; paper preset with pc-darts: 256).")
    Integer batchSize;

    @Option(names = "--channels", paramLabel = "C", description = "Initial channels of the supernet (quick: 8, paper: 16).")
    Integer channels;

    @Option(names = "--cells", paramLabel = "N",
            description = "Cells per stage for nb201, cells in all for darts (quick: 1 / 5; paper: 5 / 8).")
    Integer cells;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N training images, 0 = all (quick: 16000, paper: 0).")
    Integer limit;

    @Option(names = "--train-fraction", defaultValue = "0.5", paramLabel = "F",
            description = "Share of the training images for the weights; the rest trains the architecture (default: ${DEFAULT-VALUE}).")
    double trainFraction;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of everything (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lr", paramLabel = "LR", description = "Initial weight learning rate, cosine-annealed (default: 0.025; paper preset with pc-darts: 0.1).")
    Double lr;

    @Option(names = "--lr-min", paramLabel = "LR", description = "Final weight learning rate (default: 0.001; paper preset with pc-darts: 0).")
    Double lrMin;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "M", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "Weight decay of the weights (default: nb201 5e-4, darts 3e-4).")
    Double weightDecay;

    @Option(names = "--nesterov", negatable = true, paramLabel = "BOOL",
            description = "Nesterov momentum (default: on for nb201, off for darts, as in the papers).")
    Boolean nesterov;

    @Option(names = "--grad-clip", defaultValue = "5", paramLabel = "NORM", description = "Global gradient-norm clip of the weights, 0 = off (default: ${DEFAULT-VALUE}).")
    double gradClip;

    @Option(names = "--arch-lr", paramLabel = "LR",
            description = "Adam learning rate of the architecture weights (quick: 3e-3, ten times the paper's, for a budget about twenty times shorter; paper: 3e-4, with pc-darts 6e-4).")
    Double archLr;

    @Option(names = "--arch-weight-decay", defaultValue = "1e-3", paramLabel = "WD", description = "Weight decay of the architecture weights (default: ${DEFAULT-VALUE}).")
    double archWeightDecay;

    @Option(names = "--arch-start-epoch", paramLabel = "E",
            description = "First epoch (0-based) with architecture steps; earlier epochs only train the weights (default: 0; pc-darts: round(0.3 x epochs), 15 of 50 as in the paper).")
    Integer archStartEpoch;

    @Option(names = "--affine", description = "BatchNorm with affine parameters in the supernet's ops (default: off, as in DARTS; always on with random features).")
    boolean affine;

    @Option(names = "--random-features", description = "Random features (RF-DARTS): the supernet's convolution and linear weights stay at their random initialisation; only BatchNorm's affine parameters and the architecture weights train. Implied by the methods rf-darts and rf-pcdarts.")
    boolean randomFeaturesSwitch;

    @Option(names = "--rf-init", defaultValue = "kaiming-normal", paramLabel = "SCHEME",
            description = "Initialisation of the random features: kaiming-normal or pytorch-default (default: ${DEFAULT-VALUE}).")
    String rfInit;

    @Option(names = "--rf-train-stem", description = "With random features, train the stem convolution anyway (default: frozen).")
    boolean rfTrainStem;

    @Option(names = "--rf-train-classifier", description = "With random features, train the final linear classifier anyway (default: frozen).")
    boolean rfTrainClassifier;

    @Option(names = "--bn-batch-stats", description = "The supernet's BatchNorm uses batch statistics in evaluation too, instead of running statistics (default: running statistics).")
    boolean bnBatchStats;

    @Option(names = "--partial-channels", paramLabel = "K",
            description = "Partial channel connections: only the first 1/K of each edge's channels go through its ops, the rest bypass them and are channel-shuffled in; --channels must be divisible by K; 1 = all channels (default: 4 for pc-darts, 1 otherwise).")
    Integer partialChannels;

    @Option(names = "--edge-normalization", negatable = true,
            description = "Edge normalisation: each node weights its incoming edges by a softmax over per-edge architecture parameters beta, which also weigh the edges when the genotype is chosen (default: on for pc-darts, off otherwise).")
    Boolean edgeNormalization;

    @Option(names = "--crop-padding", defaultValue = "2", paramLabel = "P", description = "Random-crop padding of training images, 0 = none (default: ${DEFAULT-VALUE}).")
    int cropPadding;

    @Option(names = "--flip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Random horizontal flips of training images (default: ${DEFAULT-VALUE}).")
    boolean flip;

    @Option(names = "--log-every", defaultValue = "20", paramLabel = "N", description = "A metrics line every N steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--track-sharpness", description = "After every epoch, compute the largest eigenvalue of the Hessian of the validation loss w.r.t. the architecture weights (double-precision Hessian-vector products); logged as 'sharpness' in metrics.jsonl and plotted in sharpness.png. Costs about a minute per epoch at the quick preset's size.")
    boolean trackSharpness;

    @Option(names = "--sharpness-solver", defaultValue = "auto", paramLabel = "auto|exact|power", description = "exact: assemble the Hessian from one product per architecture weight and decompose it; power: power iteration; auto (default): exact up to 64 architecture weights (NAS-Bench-201's 30), power beyond.")
    String sharpnessSolver;

    @Option(names = "--sharpness-iterations", defaultValue = "20", paramLabel = "N", description = "Power iterations per estimate, for the power solver (default: ${DEFAULT-VALUE}).")
    int sharpnessIterations;

    @Option(names = "--sharpness-batches", defaultValue = "2", paramLabel = "N", description = "Validation batches the loss is averaged over (default: ${DEFAULT-VALUE}).")
    int sharpnessBatches;

    @Option(names = "--no-progress", description = "No live progress bar (one line per epoch only).")
    boolean noProgress;

    @Mixin
    SelfDistillOptions selfDistill;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    DistillLossOptions kdLoss;

    @Mixin
    BoardOptions board;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        SearchConfig config;
        Path runDir;
        if (resume != null) {
            config = SearchRun.readConfig(resume, "cannot resume " + resume);
            runDir = resume;
        } else {
            config = resolve();
            String spaceName = SampledSpaces.isSampled(config.space()) ? SampledSpaces.byName(config.space()).name() : config.space();
            runDir = out != null ? out : Path.of("runs", spaceName + "-" + config.method() + "-seed" + config.seed());
        }
        if (resume != null) {
            engine.startResumed(config.engine());
        } else {
            engine.start();
        }
        boolean bar = !noProgress && System.console() != null;
        // a run's failure is marked in its folder, so that the dashboard tells it from a killed run
        RunFailure.watch(runDir, resume != null, () -> Methods.isSampling(config.method())
                ? new SampledSearchRun(config, runDir, System.out, bar).run(resume != null, download)
                : new SearchRun(config, runDir, System.out, bar).run(resume != null, download));
        System.out.println("run folder: " + runDir.toAbsolutePath());
        return 0;
    }

    /**
     * The configuration that {@code distillnas search ARGS} would run (for benchmarks that compare
     * search configurations); bad options are a one-line user error.
     */
    static SearchConfig resolveArgs(List<String> args) {
        SearchCommand c = new SearchCommand();
        try {
            new CommandLine(c).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException("search options '" + String.join(" ", args) + "': " + e.getMessage(), e);
        }
        SearchConfig config = c.resolve();
        // only the fusion switch and an explicit device are recorded here: the thread count is the
        // benchmark's own option, and a benchmark runs on the CPU unless told otherwise
        DeviceChoice device = c.engine.device();
        return c.engine.unfused || !device.equals(DeviceChoice.AUTO)
                ? config.withEngine(new org.distillnas.util.EngineConfig(1, 1, !c.engine.unfused,
                        device.equals(DeviceChoice.AUTO) ? null : device.toString()))
                : config;
    }

    /** The run's configuration: preset defaults, then the space's paper defaults, then explicit options. */
    SearchConfig resolve() {
        if (SampledSpaces.isSampled(space)) {
            return resolveSampled();
        }
        if (method == null) {
            method = "darts";
        }
        if (sampling.any()) {
            throw new BadInputException("--weight-sharing, --sandwich-random, --flops-window, --choice-weights, "
                    + "--grad-clip-value, --recalibration-batches and --label-smoothing apply to sampling spaces (mbv3-small, ...), not --space " + space);
        }
        if (board.any()) {
            throw new BadInputException("--board-*, --matching, --meta-*, --best-rho and --cream-quirks apply to --method "
                    + Methods.CREAM + " on a sampling space, not --space " + space);
        }
        Spaces.byName(space);
        if (Methods.isSampling(method)) {
            throw new BadInputException("--method " + method + " trains a sampling supernet: expected a sampling space ("
                    + String.join(", ", SampledSpaces.names()) + ", or a space file), not --space " + space);
        }
        DatasetKind.parse(dataset);
        boolean nb201 = space.equals("nb201");
        boolean paper = preset == Preset.paper;
        int e = or(epochs, paper ? 50 : 8);
        int c = or(channels, paper ? 16 : 8);
        int n = or(cells, nb201 ? (paper ? 5 : 1) : (paper ? 8 : 5));
        int lim = or(limit, paper ? 0 : 16000);
        double wd = weightDecay != null ? weightDecay : nb201 ? 5e-4 : 3e-4;
        boolean nest = nesterov != null ? nesterov : nb201;
        MethodDefaults m = Methods.defaults(method);
        int k = or(partialChannels, m.partialChannels());
        if (k < 1) {
            throw new BadInputException("--partial-channels " + k + ": expected 1 (all channels) or more");
        }
        return SearchConfig.builder().setSpace(space).setMethod(method).optDataset(dataset)
                .optDataDir(dataDir == null ? null : dataDir.toAbsolutePath().toString())
                .optEpochs(e).optBatchSize(or(batchSize, paper ? m.paperBatchSize() : 64)).optChannels(c).optCells(n)
                .optLimit(lim).optTrainFraction(trainFraction).optSeed(seed)
                .optWeightOptimizer(or(lr, paper ? m.paperLr() : 0.025), or(lrMin, paper ? m.paperLrMin() : 0.001),
                        momentum, wd, nest, gradClip)
                .optArchOptimizer(or(archLr, paper ? m.paperArchLr() : 3e-3), archWeightDecay,
                        or(archStartEpoch, m.archStartEpoch(e)))
                .optAffine(affine)
                .optPartialChannels(k, edgeNormalization != null ? edgeNormalization : m.edgeNormalization())
                .optAugmentation(cropPadding, flip).optLogEvery(logEvery)
                .optSharpness(trackSharpness ? sharpnessIterations : 0, sharpnessBatches)
                .optSharpnessSolver(sharpnessSolver)
                .optRandomFeatures(randomFeatures(), bnBatchStats)
                .optSelfDistill(selfDistill.resolve(method, paper))
                .optKdLoss(kdLoss.resolve(method, selfDistill.selfDistill || method.equals(Methods.SD_DARTS)))
                .build();
    }

    /**
     * A sampling search (spos, sandwich): the cell options are refused, the rest keeps its meaning.
     * Quick preset: 6 epochs on 16,000 images (8,000 train), SGD 0.05 cosine to 0.001 with Nesterov
     * momentum 0.9, weight decay 4e-5 (SPOS's), norm clip 5; paper preset: 120 epochs on all images,
     * batch 128, lr 0.1 to 0 (alphanet: 360 epochs, weight decay 1e-5, as AlphaNet's reference).
     */
    private SearchConfig resolveSampled() {
        org.distillnas.space.SampledSpace s = SampledSpaces.byName(space);
        String m = method != null ? method : "spos";
        if (!Methods.isSampling(m)) {
            throw new BadInputException("--method " + m + " searches cell spaces: expected spos, sandwich, alphanet or cream for the sampling space "
                    + s.name());
        }
        if (channels != null || cells != null || archLr != null || archStartEpoch != null || partialChannels != null
                || edgeNormalization != null || affine || randomFeaturesSwitch || bnBatchStats || trackSharpness
                || selfDistill.selfDistill) {
            throw new BadInputException("--channels, --cells, --arch-*, --partial-channels, --edge-normalization, --affine, "
                    + "--random-features, --bn-batch-stats, --track-sharpness and --self-distill apply to cell spaces, not to "
                    + "the sampling space " + s.name());
        }
        DatasetKind.parse(dataset);
        boolean paper = preset == Preset.paper;
        // AlphaNet's reference trains 360 epochs with weight decay 1e-5
        boolean alphanet = m.equals(Methods.ALPHANET);
        int e = or(epochs, paper ? (alphanet ? 360 : 120) : 6);
        String spaceArg = java.nio.file.Files.isRegularFile(Path.of(space)) ? Path.of(space).toAbsolutePath().toString() : space;
        return SearchConfig.builder().setSpace(spaceArg).setMethod(m).optDataset(dataset)
                .optDataDir(dataDir == null ? null : dataDir.toAbsolutePath().toString())
                .optEpochs(e).optBatchSize(or(batchSize, paper ? 128 : 64)).optLimit(or(limit, paper ? 0 : 16000))
                .optTrainFraction(trainFraction).optSeed(seed)
                .optWeightOptimizer(or(lr, paper ? 0.1 : 0.05), or(lrMin, paper ? 0 : 0.001), momentum,
                        weightDecay != null ? weightDecay : paper && alphanet ? 1e-5 : 4e-5, nesterov != null ? nesterov : true, gradClip)
                .optArchOptimizer(0, 0, 0).optAugmentation(cropPadding, flip).optLogEvery(logEvery)
                .optSampling(sampling.resolve(m, paper)).optKdLoss(kdLoss.resolve(m, m.equals(Methods.ALPHANET)))
                .optBoard(board.resolve(m, e, or(batchSize, paper ? 128 : 64))).build();
    }

    /** Random features from the switch or the method's name ({@code rf-...}), with their options. */
    private RandomFeatures randomFeatures() {
        boolean on = randomFeaturesSwitch || Methods.impliesRandomFeatures(method);
        if (!on && (rfTrainStem || rfTrainClassifier)) {
            throw new BadInputException("--rf-train-stem / --rf-train-classifier need random features: add --random-features"
                    + " or use an rf-* method");
        }
        return on ? new RandomFeatures(true, RandomFeatures.parseInit(rfInit), rfTrainStem, rfTrainClassifier)
                : RandomFeatures.off();
    }

    private static int or(Integer v, int fallback) {
        return v != null ? v : fallback;
    }

    private static double or(Double v, double fallback) {
        return v != null ? v : fallback;
    }
}
