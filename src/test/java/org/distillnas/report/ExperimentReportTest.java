package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.space.genotype.Nb201Genotype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {
    @TempDir
    Path tmp;

    private Path run(String name, String method, boolean rf, long seed, String arch, double gap, double test,
            double... sharpness) throws Exception {
        Path d = tmp.resolve(name);
        Files.createDirectories(d.resolve("model"));
        Files.writeString(d.resolve("config.json"), "{\"method\":\"" + method + "\",\"seed\":" + seed
                + ",\"random_features\":{\"enabled\":" + rf + "}}");
        Files.writeString(d.resolve("summary.json"), "{\"supernet_val_acc\":0.8,\"discrete_inherited_val_acc\":"
                + (0.8 - gap) + ",\"discretization_gap\":" + gap + "}");
        org.distillnas.space.genotype.GenotypeJson.save(Nb201Genotype.parse(arch), d.resolve("genotype.json"));
        StringBuilder m = new StringBuilder();
        for (int e = 0; e < sharpness.length; e++) {
            m.append("{\"type\":\"epoch\",\"epoch\":").append(e).append(",\"sharpness\":").append(sharpness[e])
                    .append(",\"sharpness_solver\":\"exact\"}\n");
        }
        Files.writeString(d.resolve("metrics.jsonl"), m.toString());
        Files.writeString(d.resolve("model/results.json"), "{\"test_top1\":" + test + "}");
        return d;
    }

    @Test
    void sharesGapsAndGroupStatisticsByHand() throws Exception {
        String allSkip = "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";
        String mixed = "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";
        RunRecord a = RunRecord.read(run("a", "darts", false, 0, allSkip, 0.5, 0.40, 2.0, 4.0));
        RunRecord b = RunRecord.read(run("b", "darts", false, 1, mixed, 0.3, 0.60, 1.0, 2.0));
        RunRecord c = RunRecord.read(run("c", "darts", true, 0, mixed, 0.1, 0.90, 1.0));
        assertThat(a.label()).isEqualTo("darts");
        assertThat(c.label()).isEqualTo("darts+rf");
        assertThat(a.skipShare()).isEqualTo(1.0);
        // mixed: 1 skip, 1 none, 1 pool of 6 edges
        assertThat(b.skipShare()).isCloseTo(1 / 6.0, within(1e-12));
        assertThat(b.noneShare()).isCloseTo(1 / 6.0, within(1e-12));
        assertThat(b.poolShare()).isCloseTo(1 / 6.0, within(1e-12));
        assertThat(b.parameterFreeShare()).isCloseTo(0.5, within(1e-12));
        assertThat(a.finalSharpness()).isEqualTo(4.0);
        ExperimentReport r = new ExperimentReport(List.of(a, b, c));
        assertThat(r.groups().keySet()).containsExactly("darts", "darts+rf");
        // test accuracy 40 and 60: mean 50, sample sd sqrt(((-10)^2 + 10^2) / 1) = 14.14
        assertThat(ExperimentReport.stat(r.groups().get("darts"), RunRecord::testTop1, 100)).isEqualTo("50.00 ± 14.14");
        assertThat(ExperimentReport.stat(r.groups().get("darts+rf"), RunRecord::testTop1, 100)).isEqualTo("90.00");
        assertThat(r.markdown()).contains("| darts | 2 |").contains("\\|skip_connect~0\\|");
        ExperimentPlots.plotOpsAndAccuracy(r.groups(), "t", tmp.resolve("ops.png"));
        ExperimentPlots.plotSharpness(r.groups(), "t", tmp.resolve("sharp.png"));
        assertThat(tmp.resolve("ops.png")).isNotEmptyFile();
        assertThat(tmp.resolve("sharp.png")).isNotEmptyFile();
        assertThat(r.markdown()).doesNotContain("measured final sharpness");
    }

    /**
     * Tracked sharpness without a solver field (the old radius-1e-5 estimates) is not reported; a
     * measured {@code sharpness.json} adds its own column.
     */
    @Test
    void oldTrackedSharpnessIsDroppedAndMeasuredSharpnessGetsAColumn() throws Exception {
        String arch = "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";
        Path old = run("old", "darts", false, 0, arch, 0.5, 0.4);
        Files.writeString(old.resolve("metrics.jsonl"), "{\"type\":\"epoch\",\"epoch\":1,\"sharpness\":11.4}\n");
        Files.writeString(old.resolve("sharpness.json"), "{\"checkpoint\":\"epoch-0006\",\"eigenvalue\":0.25}");
        Path other = run("other", "darts", false, 1, arch, 0.5, 0.4, 0.5);
        RunRecord a = RunRecord.read(old);
        RunRecord b = RunRecord.read(other);
        assertThat(a.finalSharpness()).isNaN();
        assertThat(a.measuredSharpness()).isEqualTo(0.25);
        assertThat(b.measuredSharpness()).isNaN();
        String md = new ExperimentReport(List.of(a, b)).markdown();
        assertThat(md).contains("| final sharpness | measured final sharpness |")
                .contains("| **0.250** |")
                .contains("| darts | 0 | `").contains("| n/a | 0.250 |")
                .contains("| 0.500 | n/a |");
    }
}
