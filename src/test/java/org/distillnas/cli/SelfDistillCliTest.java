package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.distillnas.distill.SelfDistillConfig;
import org.distillnas.train.SearchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The self-distillation options: defaults, config.json round trip, and one-line errors. */
class SelfDistillCliTest {
    @TempDir
    Path tmp;

    private static SearchConfig resolve(String... args) {
        SearchCommand c = new SearchCommand();
        new CommandLine(c).parseArgs(args);
        return c.resolve();
    }

    private static String error(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertThat(Main.execute(args)).isEqualTo(Main.USAGE_ERROR);
        } finally {
            System.setErr(oldErr);
        }
        String err = buf.toString(StandardCharsets.UTF_8).trim();
        assertThat(err.lines().filter(l -> l.startsWith("distillnas: ")).count()).isEqualTo(1);
        assertThat(err).doesNotContain("Exception");
        return err;
    }

    @Test
    void sdDartsResolvesTheDocumentedDefaults() {
        SelfDistillConfig sd = resolve("--method", "sd-darts").selfDistill();
        assertThat(sd).isEqualTo(new SelfDistillConfig(true, 3, 40, "snapshot", "soft", 4.0, 1.0, 0, false, 0.1));
        assertThat(resolve("--method", "sd-darts", "--preset", "paper").selfDistill().every()).isEqualTo(130);
        assertThat(resolve("--method", "darts").selfDistill().enabled()).isFalse();
        SelfDistillConfig second = resolve("--method", "darts-2nd", "--self-distill", "--sd-source", "cache", "--sd-vote",
                "hard", "--sd-teachers", "2", "--sd-temperature", "2", "--sd-lambda", "0.5", "--sd-warmup-epochs", "3",
                "--sd-arch", "--sd-hard-smoothing", "0.2").selfDistill();
        assertThat(second).isEqualTo(new SelfDistillConfig(true, 2, 40, "cache", "hard", 2.0, 0.5, 3, true, 0.2));
    }

    @Test
    void configJsonRoundTripsAndOldRunFoldersReadAsOff() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SearchConfig c = resolve("--method", "sd-darts", "--sd-vote", "confidence", "--sd-every", "7");
        String text = json.writeValueAsString(c);
        assertThat(json.readTree(text).at("/self_distill/vote").asText()).isEqualTo("confidence");
        assertThat(json.readValue(text, SearchConfig.class)).isEqualTo(c);
        ObjectNode old = (ObjectNode) json.readTree(text);
        old.remove("self_distill");
        assertThat(json.treeToValue(old, SearchConfig.class).selfDistill()).isEqualTo(SelfDistillConfig.off());
    }

    @Test
    void badOrInconsistentOptionsAreOneLineErrorsAndLeaveNoRunFolder() {
        Path run = tmp.resolve("r");
        assertThat(error("search", "--method", "sd-darts", "--sd-teachers", "0", "--out", run.toString()))
                .contains("--sd-teachers 0: expected at least 1 teacher");
        assertThat(error("search", "--method", "sd-darts", "--sd-source", "disk", "--out", run.toString()))
                .contains("--sd-source disk: expected one of snapshot, cache");
        assertThat(error("search", "--method", "sd-darts", "--sd-vote", "plurality", "--out", run.toString()))
                .contains("--sd-vote plurality: expected one of soft, hard, confidence");
        assertThat(error("search", "--method", "sd-darts", "--sd-temperature", "0", "--out", run.toString()))
                .contains("--sd-temperature 0.0: expected a finite number > 0");
        assertThat(error("search", "--method", "sd-darts", "--sd-lambda", "-1", "--out", run.toString()))
                .contains("--sd-lambda -1.0: expected a finite number >= 0");
        assertThat(error("search", "--method", "darts", "--sd-teachers", "5", "--out", run.toString()))
                .contains("--sd-teachers 5 with --method darts: self-distillation is off", "--self-distill", "sd-darts");
        assertThat(error("search", "--method", "sd-darts", "--sd-source", "cache", "--sd-every", "5", "--out",
                run.toString())).contains("--sd-every 5 with --sd-source cache");
        assertThat(run).doesNotExist();
    }
}
