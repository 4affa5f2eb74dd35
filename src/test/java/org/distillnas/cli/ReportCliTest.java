package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distillnas.cli.CliErrorsTest.assertOneLine;
import static org.distillnas.cli.CliErrorsTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distillnas report}'s bad input: one line, exit 2, no file written. */
class ReportCliTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingRunFolderIsNamed() {
        assertOneLine(run("report", tmp.resolve("nope").toString()), "nope does not exist", "expected a run folder");
    }

    @Test
    void aFolderWithoutConfigIsNotARun() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        assertOneLine(run("report", tmp.resolve("empty").toString()), "has no config.json");
        assertThat(tmp.resolve("empty/report.html")).doesNotExist();
    }

    @Test
    void anOutputThatIsAFolderOrInAMissingFolderIsRefused() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.json"), "{\"method\":\"darts\",\"space\":\"nb201\",\"epochs\":1}");
        assertOneLine(run("report", run.toString(), "--out", tmp.toString()), "is a folder");
        assertOneLine(run("report", run.toString(), "--out", tmp.resolve("no/r.html").toString()), "does not exist");
    }

    @Test
    void aRunThatHasOnlyStartedStillGetsAReport() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.json"), "{\"method\":\"darts\",\"space\":\"nb201\",\"epochs\":3}");
        Files.writeString(run.resolve("metrics.jsonl"), "{\"type\":\"epoch\",\"epoch\":1,\"val_acc\":0.5}\n{\"type\":\"ep");
        CliErrorsTest.Outcome o = run("report", run.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(Files.readString(run.resolve("report.html"))).contains("not (yet) complete JSON");
    }
}
