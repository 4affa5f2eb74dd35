package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.distillnas.distill.SelfDistillConfig;
import org.distillnas.mutation.JsonMutations;
import org.distillnas.mutation.MemoryTempDir;
import org.distillnas.mutation.MutationRun;
import org.distillnas.mutation.Mutations;
import org.distillnas.supernet.RandomFeatures;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run and model folders whose {@code config.json} was cut short, had bytes flipped, or holds
 * values of the wrong type, missing fields or numbers no field can hold: {@link RunFiles#readConfig}
 * returns a complete configuration or refuses the file with one line naming it.
 */
class ConfigMutationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @Test
    void damagedConfigsAreReadOrRefusedByName() {
        MutationRun.Tally t = MutationRun.of("config", 16_180L, 3_000).run((r, index) -> {
            boolean search = r.nextBoolean();
            Object config = search ? randomSearchConfig(r) : randomTrainConfig(r);
            byte[] valid = JSON.writeValueAsBytes(config);
            Mutations.Mutated m = r.nextInt(3) == 0 ? Mutations.any(valid, r) : JsonMutations.mutate(JSON.readTree(valid), r);
            Path file = dir.resolve((search ? "search" : "train") + index).resolve("config.json");
            Files.createDirectories(file.getParent());
            Files.write(file, m.bytes());
            return new MutationRun.Input(file, m.how());
        }, in -> {
            Path folder = in.file().getParent();
            boolean search = folder.getFileName().toString().startsWith("search");
            Record config = search
                    ? new RunFiles(folder).readConfig(SearchConfig.class, "cannot resume " + folder, "search run")
                    : new RunFiles(folder).readConfig(TrainConfig.class, "cannot read " + folder, "model");
            assertComplete(config);
        });
        assertThat(t.rejected()).isGreaterThan(t.cases() / 2);
        assertThat(t.accepted()).isPositive();
    }

    @Test
    void aConfigOfNullIsRefusedByName() throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "null");
        assertThatThrownBy(() -> new RunFiles(dir).readConfig(SearchConfig.class, "cannot resume " + dir, "search run"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString());
    }

    /** Values the record's own checks refuse come out as that check's message, after the file's name. */
    @Test
    void aRefusedValueIsReportedWithTheFileName() throws Exception {
        var json = JSON.valueToTree(randomTrainConfig(new Random(1)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("epochs", 0);
        Path file = Files.writeString(dir.resolve("config.json"), json.toString());
        assertThatThrownBy(() -> new RunFiles(dir).readConfig(TrainConfig.class, "cannot read " + dir, "model"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("cannot read " + dir + ": corrupt " + file + ": --epochs 0, --batch-size " + json.get("batch_size")
                        + ", --log-every " + json.get("log_every") + ": expected positive numbers");
    }

    /** Every text and nested field present and every number finite. */
    private static void assertComplete(Record config) throws Exception {
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object value = c.getAccessor().invoke(config);
            if (c.getName().equals("dataDir") || c.getName().equals("engine") || c.getName().equals("weightSharing")) {
                // null means the data set's default folder, a run from before threads were recorded, or the
                // sampling method's own weight sharing
                continue;
            }
            assertThat(value).as(c.getName()).isNotNull();
            if (value instanceof Double d) {
                assertThat(Double.isFinite(d)).as(c.getName() + " = " + d).isTrue();
            }
            if (value instanceof Record nested) {
                assertComplete(nested);
            }
        }
    }

    private static SearchConfig randomSearchConfig(Random r) {
        int channels = 8 << r.nextInt(3);
        int epochs = 1 + r.nextInt(50);
        SearchConfig.Builder b = SearchConfig.builder()
                .setSpace(r.nextBoolean() ? "nb201" : "darts")
                .setMethod(r.nextBoolean() ? "darts" : "pc-darts")
                .optDataset(r.nextBoolean() ? "cifar10" : "fashion-mnist")
                .optDataDir(r.nextBoolean() ? null : "/data/x")
                .optEpochs(epochs)
                .optBatchSize(1 + r.nextInt(256))
                .optChannels(channels)
                .optPartialChannels(r.nextBoolean() ? 1 : 4, r.nextBoolean())
                .optArchOptimizer(r.nextDouble() * 1e-2, 1e-3, r.nextInt(epochs))
                .optSharpness(r.nextInt(3), 1 + r.nextInt(3))
                .optSeed(r.nextLong());
        if (r.nextBoolean()) {
            b.optRandomFeatures(RandomFeatures.paperDefaults(), r.nextBoolean());
        }
        if (r.nextBoolean()) {
            b.optSelfDistill(new SelfDistillConfig(true, 1 + r.nextInt(4), 1 + r.nextInt(100), "snapshot",
                    r.nextBoolean() ? "soft" : "hard", 1 + r.nextInt(8), 1.0, r.nextInt(3), r.nextBoolean(), 0.1));
        }
        if (r.nextBoolean()) {
            b.optEngine(new org.distillnas.util.EngineConfig(1 + r.nextInt(4), 1));
        }
        return b.build();
    }

    private static TrainConfig randomTrainConfig(Random r) {
        return new TrainConfig(r.nextBoolean() ? "nb201" : "darts", "cifar10", r.nextBoolean() ? null : "/data/y",
                1 + r.nextInt(600), 1 + r.nextInt(256), 16, 1 + r.nextInt(20), r.nextInt(1000), r.nextLong(),
                0.025, 0.0, 0.9, 3e-4, r.nextBoolean(), 5, 0.1 * r.nextInt(5), 0.4 * r.nextInt(2), 0.2, 4,
                r.nextBoolean(), 16 * r.nextInt(2), 1 + r.nextInt(50),
                r.nextBoolean() ? null : new org.distillnas.util.EngineConfig(1 + r.nextInt(4), 1));
    }
}
