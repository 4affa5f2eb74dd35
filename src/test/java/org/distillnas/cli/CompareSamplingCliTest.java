package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distillnas.report.SamplingReportTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareSamplingCliTest {
    @TempDir
    Path tmp;

    @Test
    void samplingRunsGetTheirReportSectionAndOnePlotOfFronts() throws IOException {
        Path a = SamplingReportTest.sposRun(tmp.resolve("runs/spos-seed0"), 0);
        Path b = SamplingReportTest.sposRun(tmp.resolve("runs/spos-seed1"), 1);
        Path md = tmp.resolve("docs/RESULTS.md");
        Files.createDirectories(md.getParent());
        Files.writeString(md, "# Results\n");
        CliErrorsTest.Outcome o = CliErrorsTest.run("compare", a.toString(), b.toString(), "--plots",
                tmp.resolve("docs/img").toString(), "--prefix", "sampling", "--out", md.toString(), "--section", "sampling");
        assertThat(o.status()).isZero();
        assertThat(Files.readString(md)).startsWith("# Results\n").contains("| spos | 2 |")
                .contains("![Search runs: Pareto fronts](img/sampling-pareto.png)");
        assertThat(tmp.resolve("docs/img/sampling-pareto.png")).isRegularFile();
    }

    @Test
    void samplingAndDifferentiableRunsTogetherAreOneLineAndExit2() throws IOException {
        Path a = SamplingReportTest.sposRun(tmp.resolve("spos"), 0);
        Path darts = Files.createDirectories(tmp.resolve("darts"));
        Files.writeString(darts.resolve("config.json"), "{\"method\":\"darts\",\"seed\":0}");
        CliErrorsTest.assertOneLine(CliErrorsTest.run("compare", a.toString(), darts.toString()),
                "1 of the 2 runs are sampling searches", "expected runs of one family");
    }
}
