package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.distillnas.FashionMnistSubset;
import org.distillnas.cli.Main;
import org.distillnas.nn.ParamFactory;
import org.distillnas.report.Safetensors;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.train.TrainConfig;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subnet of a sampling space trains from scratch through {@code distillnas train} into a model
 * folder that {@code distillnas eval} rebuilds to the recorded accuracy.
 */
class SubnetTrainEndToEndTest {
    /** mbv3-small's smallest subnet: about 1.4 M MACs. */
    static final String SMALLEST = "mbv3-small:r24:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256";

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        // one thread: on a busy machine libtorch's threads wait for each other at every small op
        EngineSetup.start(1, 1);
    }

    /** Runs the command line; returns its standard output, after checking it exited with 0. */
    static String cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertThat(Main.execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainedSubnetFolderRecordsItsNetworkAndEvaluatesToTheRecordedAccuracy() throws Exception {
        Path data = FashionMnistSubset.write(tmp.resolve("data"), 640, 500);
        Path dir = tmp.resolve("model");
        cli("train", SMALLEST, "--out", dir.toString(), "--data-dir", data.toString(), "--epochs", "1",
                "--batch-size", "16", "--lr", "0.05", "--label-smoothing", "0.1", "--seed", "1", "--threads", "1", "--no-progress");

        JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        double top1 = results.get("test_top1").asDouble();
        assertThat(top1).isGreaterThan(0.2); // 10 classes, 40 steps
        TrainConfig config = TrainConfig.read(dir);
        assertThat(config.space()).isEqualTo("mbv3-small");
        assertThat(config.channels()).isZero();
        assertThat(config.auxWeight()).isZero();
        Subnet subnet = (Subnet) GenotypeJson.read(dir.resolve("genotype.json"));
        assertThat(subnet).hasToString(SMALLEST);

        SampledSpace space = SampledSpaces.byName("mbv3-small");
        try (NDManager m = NDManager.newBaseManager()) {
            DiscreteNetwork fresh = space.network(subnet, 1, 10, new ParamFactory(m, 0));
            assertThat(results.get("parameters").asLong()).isEqualTo(fresh.countParameters());
            assertThat(results.get("macs").asLong()).isEqualTo(space.flopsTable(24, 1, 10).macs(subnet));
            assertThat(results.get("resolution").asInt()).isEqualTo(24);
            Map<String, NDArray> tensors = Safetensors.read(dir.resolve("model.safetensors"), m);
            assertThat(tensors.keySet()).containsExactlyInAnyOrderElementsOf(fresh.namedParams().keySet());
            fresh.namedParams().forEach((name, p) -> assertThat(tensors.get(name).getShape()).isEqualTo(p.value().getShape()));
        }

        String eval = cli("eval", dir.toString(), "--threads", "1");
        assertThat(eval).contains(String.format("test top-1 %.2f%%", 100 * top1))
                .contains(String.format("loss %.4f on 500 images", results.get("test_loss").asDouble()))
                .contains("(identical)");
    }
}
