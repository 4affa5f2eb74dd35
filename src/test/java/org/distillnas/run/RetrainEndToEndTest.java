package org.distillnas.run;

import org.distillnas.train.TrainConfig;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.distillnas.eval.Evaluator;
import org.distillnas.eval.ModelEvaluation;
import org.distillnas.nn.ParamFactory;
import org.distillnas.report.Safetensors;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training from scratch writes a model folder that reloads and re-evaluates to the same accuracy. */
class RetrainEndToEndTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    private static TrainConfig config(String space, int channels, int cells, double aux, double dropPath) {
        return new TrainConfig(space, "fashion-mnist", null, 1, 64, channels, cells, space.equals("nb201") ? 2560 : 640, 3, 0.05, 0, 0.9, 3e-4, false, 5,
                0.1, aux, dropPath, 2, true, 4, 5, null);
    }

    @Test
    void nb201ModelFolderReloadsToTheSameAccuracy() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path dir = tmp.resolve("model");
        Evaluator.Result trained = new TrainRun(config("nb201", 4, 1, 0, 0), Genotypes.NB201_ALL_CONV3, dir,
                new PrintStream(new ByteArrayOutputStream()), false).run(false, false);
        assertThat(trained.accuracy()).isGreaterThan(0.3); // 10 classes, one short epoch
        try (NDManager m = NDManager.newBaseManager()) {
            Evaluator.Result again = ModelEvaluation.evaluate(dir, null, null, m);
            assertThat(again.accuracy()).isEqualTo(trained.accuracy());
            assertThat(again.top5()).isEqualTo(trained.top5());
            assertThat(again.loss()).isCloseTo(trained.loss(), org.assertj.core.data.Offset.offset(1e-6));
        }
        JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(results.get("test_top1").asDouble()).isEqualTo(trained.accuracy());
        for (String f : new String[] {"config.json", "genotype.json", "metrics.jsonl", "curves.png", "checkpoints/LATEST"}) {
            assertThat(dir.resolve(f)).isNotEmptyFile();
        }
        assertThat(dir.resolve("alphas.jsonl")).doesNotExist();
    }

    @Test
    void dartsNetworkWithAuxiliaryHeadAndDropPathExportsEveryTensorByName() {
        org.distillnas.TestData.requireFashionMnist();
        Path dir = tmp.resolve("darts");
        new TrainRun(config("darts", 4, 3, 0.4, 0.2), Genotypes.DARTS_V2, dir, new PrintStream(new ByteArrayOutputStream()),
                false).run(false, false);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = Safetensors.read(dir.resolve("model.safetensors"), m);
            DiscreteNetwork fresh = new DartsSpace().network(Genotypes.DARTS_V2, new MacroConfig(4, 3, 1, 10),
                    new ParamFactory(m, 0), true);
            assertThat(tensors.keySet()).containsExactlyInAnyOrderElementsOf(fresh.namedParams().keySet());
            assertThat(tensors).containsKeys("net.stem.conv.weight", "net.auxiliary.classifier.weight",
                    "net.cells.0.pre.preprocess0.bn.running_mean");
            fresh.namedParams().forEach((name, p) -> assertThat(tensors.get(name).getShape()).isEqualTo(p.value().getShape()));
            // the auxiliary head is trained but not counted as the network's own parameters
            assertThat(fresh.countInferenceParameters()).isLessThan(fresh.countParameters());
        }
    }
}
