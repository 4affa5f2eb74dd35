package org.distillnas.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.distillnas.eval.Evaluator;
import org.distillnas.eval.ModelEvaluation;
import org.distillnas.train.ModelFiles;
import org.distillnas.util.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas eval}: re-evaluates a trained model folder. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuilds a trained network from its model folder (genotype, config, model.safetensors)",
            "and reports its test accuracy, next to the figure recorded when it was trained."})
public final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL_DIR", description = "A folder written by 'distillnas train'.")
    Path modelDir;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Evaluate on this data set's test split (default: the training data set).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of that data set.")
    Path dataDir;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        engine.start();
        try (NDManager m = EngineSetup.newManager()) {
            Evaluator.Result r = ModelEvaluation.evaluate(modelDir, dataset, dataDir, m);
            System.out.printf("test top-1 %.2f%%, top-5 %.2f%%, loss %.4f on %d images%n",
                    100 * r.accuracy(), 100 * r.top5(), r.loss(), r.samples());
            Path results = new ModelFiles(modelDir).results();
            if (dataset == null && Files.isRegularFile(results)) {
                JsonNode recorded = new ObjectMapper().readTree(results.toFile());
                double top1 = recorded.path("test_top1").asDouble(Double.NaN);
                System.out.printf("recorded at training: top-1 %.2f%% (%s)%n", 100 * top1,
                        top1 == r.accuracy() ? "identical" : "differs by " + (r.accuracy() - top1));
            }
        }
        return 0;
    }
}
