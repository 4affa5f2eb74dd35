package org.distillnas.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.distillnas.distill.DistillLossConfig;
import org.distillnas.distill.board.BoardConfig;
import org.distillnas.strategy.Methods;
import org.distillnas.distill.SelfDistillConfig;
import org.distillnas.eval.Sharpness;
import org.distillnas.space.SupernetOptions;
import org.distillnas.supernet.RandomFeatures;
import org.distillnas.strategy.SamplingConfig;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineConfig;

/**
 * Everything that determines a search run; written to the run folder as {@code config.json} and
 * read back by {@code --resume}, so a resumed run continues with exactly the same settings.
 *
 * @param space search space name
 * @param method search method name
 * @param dataset data set name
 * @param dataDir data folder (null: the data set's default)
 * @param epochs search epochs
 * @param batchSize batch size of both the weight and the architecture step
 * @param channels initial channels of the supernet
 * @param cells cells per stage (NAS-Bench-201) or in all (DARTS)
 * @param limit use only the first N training images (0: all)
 * @param trainFraction share of the training set used for weights; the rest trains alphas
 * @param seed seed of initialisation, split, order and augmentation
 * @param weightLr initial learning rate of the weights (cosine-annealed per epoch)
 * @param weightLrMin final learning rate of the weights
 * @param momentum SGD momentum of the weights
 * @param weightDecay weight decay of the weights
 * @param nesterov Nesterov momentum for the weights
 * @param gradClip global gradient-norm clip of the weights (0: off)
 * @param archLr Adam learning rate of the architecture weights
 * @param archWeightDecay weight decay of the architecture weights
 * @param archStartEpoch first epoch (0-based) with architecture updates
 * @param affine BatchNorm with affine parameters in the supernet's ops
 * @param partialChannels PC-DARTS's K: 1/K of each edge's channels go through its ops (1: all);
 *     0, as read from a config.json written before the option existed, means 1
 * @param edgeNormalization PC-DARTS's edge normalisation (per-edge parameters beta)
 * @param cropPadding random-crop padding of training images (0: no crop)
 * @param flip random horizontal flips of training images
 * @param logEvery write a step line to metrics.jsonl every N steps
 * @param sharpnessIterations after every epoch, estimate the dominant Hessian eigenvalue of the
 *     validation loss w.r.t. alpha with at most this many power iterations (0: off)
 * @param sharpnessBatches validation batches the sharpness's loss is averaged over
 * @param randomFeatures random-feature supernet settings (null in runs written before they existed:
 *     off)
 * @param bnBatchStats the supernet's BatchNorm normalises with batch statistics in evaluation too,
 *     instead of running statistics (an RF-DARTS option; default false)
 * @param selfDistill self-distillation settings (SD-DARTS); a run folder written before they
 *     existed reads as self-distillation off
 * @param sharpnessSolver how the sharpness is computed: {@code auto} (default: exact up to 64
 *     architecture weights, power iteration beyond), {@code exact} or {@code power}; a run folder
 *     written before the option existed reads as {@code power}, what it ran with
 * @param engine the thread counts the search computes with; null until the run records those in
 *     force, and in run folders written before they were recorded
 * @param sampling settings of the sampling methods (spos, sandwich); a run folder written before
 *     they existed reads as their defaults
 * @param kdLoss the distillation loss of the distilling methods (alphanet, sd-darts)
 * @param board Cream's prioritized path board and matching network; absent: the reference
 *     settings with a warm-up of a sixth of the epochs
 */
public record SearchConfig(
        @JsonProperty("space") String space,
        @JsonProperty("method") String method,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("channels") int channels,
        @JsonProperty("cells") int cells,
        @JsonProperty("limit") int limit,
        @JsonProperty("train_fraction") double trainFraction,
        @JsonProperty("seed") long seed,
        @JsonProperty("weight_lr") double weightLr,
        @JsonProperty("weight_lr_min") double weightLrMin,
        @JsonProperty("momentum") double momentum,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("nesterov") boolean nesterov,
        @JsonProperty("grad_clip") double gradClip,
        @JsonProperty("arch_lr") double archLr,
        @JsonProperty("arch_weight_decay") double archWeightDecay,
        @JsonProperty("arch_start_epoch") int archStartEpoch,
        @JsonProperty("affine") boolean affine,
        @JsonProperty("partial_channels") int partialChannels,
        @JsonProperty("edge_normalization") boolean edgeNormalization,
        @JsonProperty("crop_padding") int cropPadding,
        @JsonProperty("flip") boolean flip,
        @JsonProperty("log_every") int logEvery,
        @JsonProperty("sharpness_iterations") int sharpnessIterations,
        @JsonProperty("sharpness_batches") int sharpnessBatches,
        @JsonProperty("random_features") RandomFeatures randomFeatures,
        @JsonProperty("bn_batch_stats") boolean bnBatchStats,
        @JsonProperty("self_distill") SelfDistillConfig selfDistill,
        @JsonProperty("sharpness_solver") String sharpnessSolver,
        @JsonProperty("engine") EngineConfig engine,
        @JsonProperty("sampling") SamplingConfig sampling,
        @JsonProperty("kd_loss") DistillLossConfig kdLoss,
        @JsonProperty("board") BoardConfig board) {

    /** Rejects inconsistent settings with one line naming the option. */
    public SearchConfig {
        // The builder insists on these too; a config.json read back may lack them.
        if (space == null || method == null || dataset == null) {
            throw new BadInputException("a search configuration needs a space, a method and a dataset (got space "
                    + space + ", method " + method + ", dataset " + dataset + ")");
        }
        if (partialChannels == 0) {
            partialChannels = 1;
        }
        if (randomFeatures == null) {
            randomFeatures = RandomFeatures.off();
        }
        if (selfDistill == null) {
            selfDistill = SelfDistillConfig.off();
        }
        if (sampling == null) {
            sampling = SamplingConfig.defaults();
        }
        if (kdLoss == null) {
            kdLoss = DistillLossConfig.defaults("kl");
        }
        if (board == null) {
            board = BoardConfig.defaults(BoardConfig.defaultWarmup(epochs));
        } else if (board.warmupEpochs() == BoardConfig.UNSET) {
            board = board.withWarmupEpochs(BoardConfig.defaultWarmup(epochs));
        }
        if (board.warmupEpochs() >= epochs && epochs > 0 && Methods.CREAM.equals(method)) {
            throw new BadInputException("--board-warmup-epochs " + board.warmupEpochs() + ": expected fewer than --epochs "
                    + epochs);
        }
        if (sampling.lrWarmupEpochs() > 0 && sampling.lrWarmupEpochs() >= epochs) {
            throw new BadInputException("--lr-warmup-epochs " + sampling.lrWarmupEpochs() + ": expected fewer than --epochs "
                    + epochs);
        }
        sharpnessSolver = Sharpness.Solver.parse(sharpnessSolver == null ? "power" : sharpnessSolver,
                "--sharpness-solver").toString();
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        positive("--log-every", logEvery);
        if (limit < 0) {
            throw new BadInputException("--limit " + limit + ": expected 0 (all images) or a positive count");
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new BadInputException("--train-fraction " + trainFraction + ": expected a number strictly between 0 and 1");
        }
        if (!(weightLr > 0) || weightLrMin < 0 || weightLrMin > weightLr) {
            throw new BadInputException("--lr " + weightLr + " / --lr-min " + weightLrMin + ": expected 0 <= lr-min <= lr and lr > 0");
        }
        if (!(archLr >= 0)) {
            throw new BadInputException("--arch-lr " + archLr + ": expected a number >= 0");
        }
        if (archStartEpoch < 0 || archStartEpoch >= epochs) {
            throw new BadInputException("--arch-start-epoch " + archStartEpoch + ": expected 0.." + (epochs - 1)
                    + " (epochs is " + epochs + ")");
        }
        if (sharpnessIterations < 0 || sharpnessIterations > 0 && sharpnessBatches < 1) {
            throw new BadInputException("--sharpness-iterations " + sharpnessIterations + " / --sharpness-batches "
                    + sharpnessBatches + ": expected iterations >= 0 and, when tracking, at least one batch");
        }
        if (cropPadding < 0) {
            throw new BadInputException("--crop-padding " + cropPadding + ": expected 0 or more");
        }
        if (partialChannels < 1 || channels % partialChannels != 0) {
            throw new BadInputException("--partial-channels " + partialChannels + ": expected a positive divisor of --channels "
                    + channels);
        }
    }

    /** The sharpness solver, parsed. */
    public Sharpness.Solver solver() {
        return Sharpness.Solver.parse(sharpnessSolver, "--sharpness-solver");
    }

    /**
     * How the run's supernet is built; every supernet of the run (copies included) uses this. Random
     * features need BatchNorm affine parameters, the only weights they train. Fusion does not change
     * the function, only the last bits, and follows the engine in force.
     */
    public SupernetOptions supernetOptions() {
        // fused as the engine in force says (a resumed run's --unfused wins over its record)
        EngineConfig inForce = org.distillnas.util.EngineSetup.inForce();
        boolean fused = inForce != null ? inForce.isFused() : engine == null || engine.isFused();
        return new SupernetOptions(affine || randomFeatures.enabled(), !bnBatchStats, partialChannels, edgeNormalization,
                fused);
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new BadInputException(option + " " + value + ": expected a positive number");
        }
    }
    /** This configuration with other random-feature settings. */
    public SearchConfig withRandomFeatures(RandomFeatures rf, boolean batchStats) {
        return toBuilder().optRandomFeatures(rf, batchStats).build();
    }

    /** This configuration with other self-distillation settings. */
    public SearchConfig withSelfDistill(SelfDistillConfig sd) {
        return toBuilder().optSelfDistill(sd).build();
    }

    /** This configuration with other sampling settings. */
    public SearchConfig withSampling(SamplingConfig sampling) {
        return toBuilder().optSampling(sampling).build();
    }

    /** This configuration with the thread counts it runs with. */
    public SearchConfig withEngine(EngineConfig e) {
        return toBuilder().optEngine(e).build();
    }

    /** This configuration with other sharpness tracking (0 iterations: off). */
    public SearchConfig withSharpness(int iterations, int batches) {
        return toBuilder().optSharpness(iterations, batches).build();
    }

    /** A builder with the quick preset's values; the space and the method must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder().setSpace(space).setMethod(method).optDataset(dataset).optDataDir(dataDir)
                .optEpochs(epochs).optBatchSize(batchSize).optChannels(channels).optCells(cells).optLimit(limit)
                .optTrainFraction(trainFraction).optSeed(seed)
                .optWeightOptimizer(weightLr, weightLrMin, momentum, weightDecay, nesterov, gradClip)
                .optArchOptimizer(archLr, archWeightDecay, archStartEpoch).optAffine(affine)
                .optPartialChannels(partialChannels, edgeNormalization).optAugmentation(cropPadding, flip)
                .optLogEvery(logEvery).optSharpness(sharpnessIterations, sharpnessBatches)
                .optSharpnessSolver(sharpnessSolver).optRandomFeatures(randomFeatures, bnBatchStats)
                .optSelfDistill(selfDistill).optEngine(engine).optSampling(sampling).optKdLoss(kdLoss).optBoard(board);
        return b;
    }

    /**
     * Builds a {@link SearchConfig} by name rather than by position: {@code setX} for what has no
     * default, {@code optX} for the rest. The defaults are the quick preset's on NAS-Bench-201
     * (8 epochs, C=8, one cell per stage, batch 64, 16,000 images, SGD 0.025 to 0.001 with Nesterov
     * momentum 0.9, weight decay 5e-4, clip 5, Adam 3e-3 for alpha); {@link #build()} validates.
     */
    public static final class Builder {
        private String space;
        private String method;
        private String dataset = "fashion-mnist";
        private String dataDir;
        private int epochs = 8;
        private int batchSize = 64;
        private int channels = 8;
        private int cells = 1;
        private int limit = 16000;
        private double trainFraction = 0.5;
        private long seed;
        private double weightLr = 0.025;
        private double weightLrMin = 0.001;
        private double momentum = 0.9;
        private double weightDecay = 5e-4;
        private boolean nesterov = true;
        private double gradClip = 5;
        private double archLr = 3e-3;
        private double archWeightDecay = 1e-3;
        private int archStartEpoch;
        private boolean affine;
        private int partialChannels = 1;
        private boolean edgeNormalization;
        private int cropPadding = 2;
        private boolean flip = true;
        private int logEvery = 20;
        private int sharpnessIterations;
        private int sharpnessBatches = 2;
        private String sharpnessSolver = "auto";
        private RandomFeatures randomFeatures;
        private boolean bnBatchStats;
        private SelfDistillConfig selfDistill;
        private EngineConfig engine;
        private SamplingConfig sampling;
        private DistillLossConfig kdLoss;
        private BoardConfig board;

        private Builder() {}

        public Builder setSpace(String space) {
            this.space = space;
            return this;
        }

        public Builder setMethod(String method) {
            this.method = method;
            return this;
        }

        public Builder optDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /** The data folder (null: the data set's default). */
        public Builder optDataDir(String dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder optCells(int cells) {
            this.cells = cells;
            return this;
        }

        /** Only the first N training images (0: all). */
        public Builder optLimit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder optTrainFraction(double trainFraction) {
            this.trainFraction = trainFraction;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** SGD of the weights: cosine from lr to lrMin, momentum, decay, Nesterov, global clip (0: off). */
        public Builder optWeightOptimizer(double lr, double lrMin, double momentum, double weightDecay,
                boolean nesterov, double gradClip) {
            this.weightLr = lr;
            this.weightLrMin = lrMin;
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            this.nesterov = nesterov;
            this.gradClip = gradClip;
            return this;
        }

        /** Adam of the architecture weights, and the first epoch (0-based) that updates them. */
        public Builder optArchOptimizer(double lr, double weightDecay, int startEpoch) {
            this.archLr = lr;
            this.archWeightDecay = weightDecay;
            this.archStartEpoch = startEpoch;
            return this;
        }

        public Builder optAffine(boolean affine) {
            this.affine = affine;
            return this;
        }

        /** PC-DARTS: 1/K of each edge's channels through its ops, and edge normalisation. */
        public Builder optPartialChannels(int k, boolean edgeNormalization) {
            this.partialChannels = k;
            this.edgeNormalization = edgeNormalization;
            return this;
        }

        /** Random-crop padding (0: none) and horizontal flips of training images. */
        public Builder optAugmentation(int cropPadding, boolean flip) {
            this.cropPadding = cropPadding;
            this.flip = flip;
            return this;
        }

        public Builder optLogEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /** Sharpness after every epoch: power iterations (0: not tracked) and validation batches. */
        public Builder optSharpness(int iterations, int batches) {
            this.sharpnessIterations = iterations;
            this.sharpnessBatches = batches;
            return this;
        }

        /** {@code auto}, {@code exact} or {@code power}. */
        public Builder optSharpnessSolver(String solver) {
            this.sharpnessSolver = solver;
            return this;
        }

        /** Random features, and BatchNorm with batch statistics in evaluation too. */
        public Builder optRandomFeatures(RandomFeatures rf, boolean bnBatchStats) {
            this.randomFeatures = rf;
            this.bnBatchStats = bnBatchStats;
            return this;
        }

        public Builder optSelfDistill(SelfDistillConfig sd) {
            this.selfDistill = sd;
            return this;
        }

        /** The thread counts the run computes with (null: not known yet; the run records those in force). */
        public Builder optEngine(EngineConfig engine) {
            this.engine = engine;
            return this;
        }

        /** Settings of the sampling methods (spos, sandwich); null: their defaults. */
        public Builder optSampling(SamplingConfig sampling) {
            this.sampling = sampling;
            return this;
        }

        /** The distillation loss of the distilling methods (alphanet, sd-darts); null: KL. */
        public Builder optKdLoss(DistillLossConfig kdLoss) {
            this.kdLoss = kdLoss;
            return this;
        }

        /** Cream's board and matching network; null: the reference settings. */
        public Builder optBoard(BoardConfig board) {
            this.board = board;
            return this;
        }

        /** The configuration; a missing space or method or an inconsistent option is a one-line user error. */
        public SearchConfig build() {
            if (space == null || method == null) {
                throw new BadInputException("a search configuration needs a space and a method (got space " + space
                        + ", method " + method + ")");
            }
            return new SearchConfig(space, method, dataset, dataDir, epochs, batchSize, channels, cells, limit,
                    trainFraction, seed, weightLr, weightLrMin, momentum, weightDecay, nesterov, gradClip, archLr,
                    archWeightDecay, archStartEpoch, affine, partialChannels, edgeNormalization, cropPadding, flip,
                    logEvery, sharpnessIterations, sharpnessBatches, randomFeatures, bnBatchStats, selfDistill,
                    sharpnessSolver, engine, sampling, kdLoss, board);
        }
    }
}
