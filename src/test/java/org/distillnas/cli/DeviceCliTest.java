package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --device} on the command line: every command that computes takes it, a GPU this machine
 * lacks is one line and exit status 2 before anything is written, and a run on the CPU says and
 * records where it ran.
 */
class DeviceCliTest {
    /** mbv3-small's smallest subnet: about 1.4 M MACs, a step in milliseconds. */
    static final String SMALLEST = "mbv3-small:r24:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256";
    static final String NO_GPU = ": this machine has no GPU that libtorch can use (CPU-only libtorch or no CUDA device):"
            + " use --device cpu or auto; see README 'GPUs'";

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    /** Exit status 2 and exactly {@code line} on stderr, alone: no stack trace, no second line. */
    static void assertOnlyLine(CapturedRun o, String line) {
        assertThat(o.status()).isEqualTo(Main.USAGE_ERROR);
        assertThat(o.err()).isEqualTo("distillnas: " + line + System.lineSeparator());
    }

    @Test
    void everyCommandThatComputesTakesDeviceDefaultingToAuto() {
        CommandLine main = new CommandLine(new Main());
        for (String name : List.of("search", "train", "eval", "cost", "rank", "evolve", "sharpness", "confidence")) {
            CommandSpec spec = main.getSubcommands().get(name).getCommandSpec();
            OptionSpec device = spec.findOption("--device");
            assertThat(device).as(name).isNotNull();
            assertThat(device.defaultValue()).as(name).isEqualTo("auto");
        }
    }

    @Test
    void aGpuThisMachineLacksIsOneLineAndNoFolder() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0);
        Path model = tmp.resolve("model");
        assertOnlyLine(CapturedRun.of("train", SMALLEST, "--device", "gpu", "--out", model.toString(), "--no-progress"),
                "--device gpu" + NO_GPU);
        assertThat(model).doesNotExist();
        Path search = tmp.resolve("search");
        assertOnlyLine(CapturedRun.of("search", "--device", "gpu:0", "--epochs", "1", "--out", search.toString(), "--no-progress"),
                "--device gpu:0" + NO_GPU);
        assertThat(search).doesNotExist();
        assertOnlyLine(CapturedRun.of("cost", SMALLEST, "--device", "gpu:1"), "--device gpu:1" + NO_GPU);
    }

    @Test
    void badDeviceTextIsOneLineAndNoFolder() {
        Path search = tmp.resolve("search");
        assertOnlyLine(CapturedRun.of("search", "--device", "tpu", "--out", search.toString()),
                "--device 'tpu': expected auto, cpu, gpu or gpu:N (N = 0, 1, ...: a GPU's number)");
        assertOnlyLine(CapturedRun.of("train", SMALLEST, "--device", "gpu:x", "--out", tmp.resolve("m").toString()),
                "--device 'gpu:x': expected auto, cpu, gpu or gpu:N (N = 0, 1, ...: a GPU's number)");
        assertThat(search).doesNotExist();
        assertThat(tmp.resolve("m")).doesNotExist();
    }

    @Test
    void aTrainingOnTheCpuSaysSoAndRecordsIt() throws Exception {
        Path data = syntheticFashionMnist(tmp.resolve("data"), 64, 32, 11);
        Path model = tmp.resolve("model");
        CapturedRun o = CapturedRun.of("train", SMALLEST, "--device", "cpu", "--out", model.toString(), "--data-dir", data.toString(),
                "--epochs", "1", "--batch-size", "16", "--seed", "2", "--threads", "1", "--no-progress");
        assertThat(o.status()).as(o.err()).isZero();
        String first = o.out().lines().filter(l -> l.startsWith("training ")).findFirst().orElseThrow();
        assertThat(first).endsWith(", on cpu");
        JsonNode config = new ObjectMapper().readTree(model.resolve("config.json").toFile());
        assertThat(config.path("engine").path("device").asText()).isEqualTo("cpu");
    }

    /** {@code bench methods} runs each configuration on the CPU unless its search options name a device. */
    @Test
    void aBenchmarkedSearchConfigurationKeepsOnlyAnExplicitDevice() {
        assertThat(SearchCommand.resolveArgs(List.of("--device", "gpu:1")).engine().device()).isEqualTo("gpu:1");
        assertThat(SearchCommand.resolveArgs(List.of("--device", "gpu:1")).engine().isFused()).isTrue();
        assertThat(SearchCommand.resolveArgs(List.of()).engine()).isNull();
        assertThat(SearchCommand.resolveArgs(List.of("--unfused")).engine().device()).isNull();
    }

    /** Fashion-MNIST's four IDX files (plain) holding seeded noise images and labels 0..9 in turn. */
    static Path syntheticFashionMnist(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        for (String split : List.of("train", "t10k")) {
            int n = split.equals("train") ? train : test;
            byte[] pixels = new byte[n * 28 * 28];
            r.nextBytes(pixels);
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
            }
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), idx(0x803, List.of(n, 28, 28), pixels));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), idx(0x801, List.of(n), labels));
        }
        return dir;
    }

    private static byte[] idx(int magic, List<Integer> dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.size() + payload.length);
        b.putInt(magic);
        dims.forEach(b::putInt);
        b.put(payload);
        return b.array();
    }
}
