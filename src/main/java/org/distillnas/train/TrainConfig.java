package org.distillnas.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineConfig;

/**
 * Everything that determines the stand-alone training of one architecture; written to the model
 * folder as {@code config.json} (with the genotype beside it in {@code genotype.json}).
 *
 * @param space the genotype's search space: a cell space's name, or for a subnet its sampling
 *     space (a built-in name, or a space file's absolute path), which rebuilds its network
 * @param dataset data set name
 * @param dataDir data folder (null: the data set's default)
 * @param epochs training epochs
 * @param batchSize batch size
 * @param channels initial channels of the network (0 for a subnet, whose widths are its own)
 * @param cells cells per stage (NAS-Bench-201) or in all (DARTS) (0 for a subnet)
 * @param limit use only the first N training images (0: all)
 * @param seed seed of initialisation, order, augmentation and drop-path
 * @param lr initial learning rate (cosine-annealed per epoch)
 * @param lrMin final learning rate
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param nesterov Nesterov momentum
 * @param gradClip global gradient-norm clip (0: off)
 * @param labelSmoothing label smoothing of the cross-entropy (0: off)
 * @param auxWeight weight of the auxiliary head's loss (DARTS networks; 0: no auxiliary head)
 * @param dropPath final drop-path probability, reached linearly over the epochs (DARTS networks)
 * @param cropPadding random-crop padding (0: no crop)
 * @param flip random horizontal flips
 * @param cutout cutout square side (0: off)
 * @param logEvery a metrics line every N steps
 * @param engine the thread counts the training computes with (null until the run records those in force)
 */
public record TrainConfig(
        @JsonProperty("space") String space,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("channels") int channels,
        @JsonProperty("cells") int cells,
        @JsonProperty("limit") int limit,
        @JsonProperty("seed") long seed,
        @JsonProperty("lr") double lr,
        @JsonProperty("lr_min") double lrMin,
        @JsonProperty("momentum") double momentum,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("nesterov") boolean nesterov,
        @JsonProperty("grad_clip") double gradClip,
        @JsonProperty("label_smoothing") double labelSmoothing,
        @JsonProperty("aux_weight") double auxWeight,
        @JsonProperty("drop_path") double dropPath,
        @JsonProperty("crop_padding") int cropPadding,
        @JsonProperty("flip") boolean flip,
        @JsonProperty("cutout") int cutout,
        @JsonProperty("log_every") int logEvery,
        @JsonProperty("engine") EngineConfig engine) {

    public TrainConfig {
        if (space == null || dataset == null) {
            throw new BadInputException("a training configuration needs a space and a dataset (got space " + space
                    + ", dataset " + dataset + ")");
        }
        if (epochs < 1 || batchSize < 1 || logEvery < 1) {
            throw new BadInputException("--epochs " + epochs + ", --batch-size " + batchSize + ", --log-every " + logEvery
                    + ": expected positive numbers");
        }
        if (limit < 0) {
            throw new BadInputException("--limit " + limit + ": expected 0 (all images) or a positive count");
        }
        if (!(lr > 0) || lrMin < 0 || lrMin > lr) {
            throw new BadInputException("--lr " + lr + " / --lr-min " + lrMin + ": expected 0 <= lr-min <= lr and lr > 0");
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new BadInputException("--label-smoothing " + labelSmoothing + ": expected a number in [0, 1)");
        }
        if (dropPath < 0 || dropPath >= 1) {
            throw new BadInputException("--drop-path " + dropPath + ": expected a probability in [0, 1)");
        }
        if (auxWeight < 0 || cutout < 0 || cropPadding < 0) {
            throw new BadInputException("--aux-weight " + auxWeight + ", --cutout " + cutout + ", --crop-padding "
                    + cropPadding + ": expected numbers >= 0");
        }
    }

    /** This configuration with the thread counts it runs with. */
    public TrainConfig withEngine(EngineConfig e) {
        return new TrainConfig(space, dataset, dataDir, epochs, batchSize, channels, cells, limit, seed, lr, lrMin,
                momentum, weightDecay, nesterov, gradClip, labelSmoothing, auxWeight, dropPath, cropPadding, flip,
                cutout, logEvery, e);
    }

    /** Reads the configuration of a model folder ({@code config.json}). */
    public static TrainConfig read(java.nio.file.Path modelDir) {
        return new RunFiles(modelDir).readConfig(TrainConfig.class, "cannot read " + modelDir, "model");
    }
}
