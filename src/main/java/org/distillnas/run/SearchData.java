package org.distillnas.run;

import org.distillnas.train.SearchConfig;

import java.nio.file.Path;
import org.distillnas.data.Augmentation;
import org.distillnas.data.BatchStream;
import org.distillnas.data.DataSplits;
import org.distillnas.data.DatasetKind;
import org.distillnas.data.Datasets;
import org.distillnas.data.ImageDataset;
import org.distillnas.data.Normalization;
import org.distillnas.data.TrainValSplit;
import org.distillnas.space.MacroConfig;
import org.distillnas.util.BadInputException;

/**
 * The data of a search, derived from its configuration alone, so that anything that revisits a
 * run (resume, ranking) sees exactly the same split.
 *
 * @param train training split with augmentation (weight steps)
 * @param val validation split in the architecture steps' order
 * @param valEval validation split in fixed order without augmentation (evaluation)
 * @param macro the supernet's size for this data set's image channels and classes
 * @param height image height
 * @param width image width
 */
public record SearchData(BatchStream train, BatchStream val, BatchStream valEval, MacroConfig macro, int height,
        int width, int trainImages, int valImages) {

    public static SearchData load(SearchConfig config, boolean download) {
        DatasetKind kind = DatasetKind.parse(config.dataset());
        DataSplits data = Datasets.load(kind, config.dataDir() == null ? null : Path.of(config.dataDir()), download);
        ImageDataset full = data.train().limit(config.limit());
        TrainValSplit split = TrainValSplit.of(full, config.trainFraction(), config.seed());
        Normalization norm = Normalization.of(kind, data.train());
        Augmentation aug = new Augmentation(config.cropPadding(), config.flip(), 0);
        BatchStream train = new BatchStream(split.train(), norm, aug, config.batchSize(), true, true, config.seed());
        BatchStream val = new BatchStream(split.val(), norm, Augmentation.none(), config.batchSize(), true, true,
                config.seed() + 1);
        BatchStream valEval = new BatchStream(split.val(), norm, Augmentation.none(), 256, false, false, 0);
        if (Math.min(train.batchesPerEpoch(), val.batchesPerEpoch()) == 0) {
            throw new BadInputException("--limit " + config.limit() + " with --batch-size " + config.batchSize()
                    + " leaves no full batch in the train or val split: raise --limit or lower --batch-size");
        }
        MacroConfig macro = new MacroConfig(config.channels(), config.cells(), full.channels(), full.numClasses());
        return new SearchData(train, val, valEval, macro, full.height(), full.width(), split.train().size(),
                split.val().size());
    }
}
