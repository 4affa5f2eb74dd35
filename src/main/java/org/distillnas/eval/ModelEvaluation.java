package org.distillnas.eval;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distillnas.data.Augmentation;
import org.distillnas.data.BatchStream;
import org.distillnas.data.DataSplits;
import org.distillnas.data.DatasetKind;
import org.distillnas.data.Datasets;
import org.distillnas.data.Normalization;
import org.distillnas.nn.ParamFactory;
import org.distillnas.report.Safetensors;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.train.ModelFiles;
import org.distillnas.train.TrainConfig;
import org.distillnas.util.BadInputException;

/** Rebuilds a trained network from its model folder and evaluates it on a data set's test split. */
public final class ModelEvaluation {
    private ModelEvaluation() {}

    /**
     * @param dataset data set to evaluate on (null: the one it was trained on)
     * @param dataDir its folder (null: the default)
     */
    public static Evaluator.Result evaluate(Path modelDir, String dataset, Path dataDir, NDManager manager) {
        ModelFiles files = new ModelFiles(modelDir);
        TrainConfig config = TrainConfig.read(modelDir);
        if (!Files.isRegularFile(files.weights())) {
            throw new BadInputException("model folder " + modelDir + " has no " + files.weights().getFileName()
                    + " (did its training finish?)");
        }
        Genotype genotype = GenotypeJson.read(files.run().genotype());
        DatasetKind kind = DatasetKind.parse(dataset != null ? dataset : config.dataset());
        Path dir = dataDir != null ? dataDir : dataset == null && config.dataDir() != null ? Path.of(config.dataDir()) : null;
        DataSplits data = Datasets.load(kind, dir, false);
        try (NDManager m = manager.newSubManager()) {
            DiscreteNetwork net = StandaloneNetworks.build(config, genotype, data.test().channels(), data.test().numClasses(),
                    new ParamFactory(m, 0));
            net.loadArrays(Safetensors.read(files.weights(), m), "", files.weights().toString(),
                    "a data set with other image channels or classes, or another network size?");
            Normalization norm = Normalization.of(kind, data.train());
            BatchStream test = new BatchStream(data.test(), norm, Augmentation.none(), 256, false, false, 0);
            return Evaluator.evaluate(net::forward, test, m);
        }
    }

}
