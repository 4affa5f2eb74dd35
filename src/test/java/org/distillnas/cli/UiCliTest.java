package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distillnas.cli.CliErrorsTest.assertOneLine;
import static org.distillnas.cli.CliErrorsTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.distillnas.run.RunFailure;
import org.distillnas.ui.DashboardServer;
import org.distillnas.util.Failpoints;
import org.distillnas.view.RunListing;
import org.distillnas.view.RunState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code distillnas ui}: bad options are one line and status 2; a failed run is listed as failed. */
class UiCliTest {
    @TempDir
    Path tmp;

    @AfterEach
    void disarm() {
        System.clearProperty(Failpoints.PROPERTY);
        Failpoints.reset();
    }

    @Test
    void aMissingOrPlainFileRunsFolderIsOneLine() throws Exception {
        assertOneLine(run("ui", "--runs", tmp.resolve("nothing").toString(), "--port", "0"),
                "--runs " + tmp.resolve("nothing") + " does not exist", "expected a folder of runs");
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        assertOneLine(run("ui", "--runs", file.toString(), "--port", "0"), "is not a folder", "expected a folder of runs");
    }

    @Test
    void aPortOutOfRangeOrInUseIsOneLine() throws Exception {
        assertOneLine(run("ui", "--runs", tmp.toString(), "--port", "70000"), "--port 70000", "from 1 to 65535");
        assertOneLine(run("ui", "--runs", tmp.toString(), "--port", "-1"), "--port -1", "from 1 to 65535");
        assertOneLine(run("ui", "--runs", tmp.toString(), "--port", "http"), "--port", "http");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertOneLine(run("ui", "--runs", tmp.toString(), "--port", Integer.toString(taken.getLocalPort())),
                    "--port " + taken.getLocalPort(), "expected a free port");
        }
        assertOneLine(run("ui", "--runs", tmp.toString(), "--port", "0", "--stale-after", "0"), "--stale-after", "positive");
        assertOneLine(run("ui", "--runs", tmp.toString(), "--port", "0", "--host", "192.0.2.1"), "--host 192.0.2.1",
                "not an address of this machine");
    }

    @Test
    void theDefaultsAreLoopbackAndTheDocumentedPort() {
        UiCommand ui = new UiCommand();
        new CommandLine(ui).parseArgs("--runs", tmp.toString(), "--port", "0");
        try (DashboardServer server = ui.start()) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        }
        UiCommand defaults = new UiCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.port).isEqualTo(UiCommand.DEFAULT_PORT).isEqualTo(8765);
        assertThat(defaults.host).isEqualTo("127.0.0.1");
        assertThat(defaults.runs).isEqualTo(Path.of("runs"));
    }

    /** A real training that fails after its folder exists: the marker, and the listing says failed. */
    @Test
    void aTrainingThatFailsLeavesTheMarkerAndIsListedAsFailed() throws Exception {
        Path data = DeviceCliTest.syntheticFashionMnist(tmp.resolve("data"), 64, 32, 11);
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        Path model = runs.resolve("model");
        Failpoints.reset();
        System.setProperty(Failpoints.PROPERTY, Failpoints.FINAL_OUTPUTS + "@1:ioerror");
        CapturedRun o = CapturedRun.of("train", DeviceCliTest.SMALLEST, "--out", model.toString(), "--data-dir",
                data.toString(), "--epochs", "1", "--batch-size", "16", "--seed", "2", "--threads", "1", "--no-progress");
        assertThat(o.status()).as(o.err()).isEqualTo(Main.FAILURE);
        JsonNode marker = new ObjectMapper().readTree(model.resolve(RunFailure.FILE_NAME).toFile());
        assertThat(marker.get("error").asText()).contains("simulated write error");
        JsonNode entry = new RunListing(runs, RunState.DEFAULT_STALE_AFTER, Clock.systemUTC()).entries().get(0);
        assertThat(entry.get("id").asText()).isEqualTo("model");
        assertThat(entry.get("state").asText()).isEqualTo("failed");
        assertThat(entry.get("kind").asText()).isEqualTo("train");

        // resumed, it runs again: the marker goes, and the finished run is listed as finished
        disarm();
        CapturedRun resumed = CapturedRun.of("train", "--resume", model.toString(), "--threads", "1", "--no-progress");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(model.resolve(RunFailure.FILE_NAME)).doesNotExist();
        assertThat(new RunListing(runs, RunState.DEFAULT_STALE_AFTER, Clock.systemUTC()).entries().get(0).get("state")
                .asText()).isEqualTo("finished");
    }
}
