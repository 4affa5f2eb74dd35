package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SamplingReportTest {
    @TempDir
    Path tmp;

    /**
     * A finished SPOS run with everything the commands after the search write. The rank CSV orders
     * four subnets as stand-alone [1, 2, 3, 4] and one-shot [1, 3, 2, 4]: 5 concordant pairs and 1
     * discordant, tau = (5 - 1) / 6; Spearman rho = 1 - 6 * 2 / (4 * 15) = 0.8.
     */
    public static Path sposRun(Path dir, long seed) throws IOException {
        Files.createDirectories(dir.resolve("evolve/best-4M-model"));
        Files.writeString(dir.resolve("config.json"), "{\"method\":\"spos\",\"seed\":" + seed + "}");
        Files.writeString(dir.resolve("summary.json"), "{\"weight_sharing\":\"choice\","
                + "\"largest\":{\"inherited_val_acc\":0.5},\"smallest\":{\"inherited_val_acc\":0.3}}");
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"type\":\"step\",\"seconds\":99}\n"
                + "{\"type\":\"epoch\",\"epoch\":1,\"seconds\":10}\n{\"type\":\"epoch\",\"epoch\":2,\"seconds\":12.5}\n");
        Files.writeString(dir.resolve("rank.csv"), "architecture,standalone_accuracy,one_shot_accuracy\n"
                + "\"a:1[k3e1,k3e3]\",0.1,0.1\n\"b\",0.2,0.3\n\"c\",0.3,0.2\n\"d\",0.4,0.4\n");
        Files.writeString(dir.resolve("evolve/summary.json"), "{\"results\":{\"evolution\":["
                + "{\"budget_m\":4.0,\"accuracy\":0.45,\"file\":\"best-4M.json\"},"
                + "{\"budget_m\":8.0,\"accuracy\":0.5,\"file\":\"best-8M.json\"}],"
                + "\"random\":[{\"budget_m\":4.0,\"accuracy\":0.4},{\"budget_m\":8.0,\"accuracy\":0.52}]}}");
        Files.writeString(dir.resolve("evolve/best-4M-model/results.json"), "{\"test_top1\":0.81}");
        Files.writeString(dir.resolve("evolve/pareto.csv"), "method,kind,bucket_m,macs,accuracy,params,on_front,subnet\n"
                + "evolution,budget,4,3900000,0.45,1,true,\"x:1[k3e1,k5e3]\"\n"
                + "evolution,bucket,2,1500000,0.3,1,true,\"y\"\n"
                + "evolution,bucket,4,3900000,0.45,1,true,\"x:1[k3e1,k5e3]\"\n"
                + "evolution,bucket,6,5500000,0.44,1,false,\"z\"\n"
                + "random,bucket,8,7000000,0.52,1,true,\"w\"\n");
        return dir;
    }

    @Test
    void readsEverythingTheCommandsAfterTheSearchWrote() throws IOException {
        SamplingRunRecord r = SamplingRunRecord.read(sposRun(tmp.resolve("spos"), 1));
        assertThat(r.label()).isEqualTo("spos");
        assertThat(r.seed()).isEqualTo(1);
        assertThat(r.largestAcc()).isEqualTo(0.5);
        assertThat(r.smallestAcc()).isEqualTo(0.3);
        assertThat(r.searchSeconds()).isEqualTo(22.5);
        assertThat(r.kendallTau()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(r.spearmanRho()).isCloseTo(0.8, within(1e-12));
        assertThat(r.rankedSubnets()).isEqualTo(4);
        assertThat(r.evolutionBest()).isEqualTo(Map.of(4.0, 0.45, 8.0, 0.5));
        assertThat(r.randomBest()).isEqualTo(Map.of(4.0, 0.4, 8.0, 0.52));
        assertThat(r.retrained()).isEqualTo(Map.of(4.0, 0.81));
        assertThat(r.evolutionGain(4.0)).isCloseTo(0.05, within(1e-12));
        assertThat(r.evolutionGain(8.0)).isCloseTo(-0.02, within(1e-12));
        // only the evolution's bucket bests on the front
        assertThat(r.front().mflops()).containsExactly(1.5, 3.9);
        assertThat(r.front().accuracyPercent()).containsExactly(30.0, 45.0);
    }

    @Test
    void aRunWithoutTheLaterStepsHasNoValuesForThemAndANonDefaultSharingIsInItsLabel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sandwich"));
        Files.writeString(dir.resolve("config.json"), "{\"method\":\"sandwich\",\"seed\":0}");
        Files.writeString(dir.resolve("summary.json"), "{\"weight_sharing\":\"choice\","
                + "\"largest\":{\"inherited_val_acc\":0.6},\"smallest\":{\"inherited_val_acc\":0.4}}");
        Files.writeString(dir.resolve("metrics.jsonl"), "");
        SamplingRunRecord r = SamplingRunRecord.read(dir);
        assertThat(r.label()).isEqualTo("sandwich+choice");
        assertThat(r.kendallTau()).isNaN();
        assertThat(r.evolutionBest()).isEmpty();
        assertThat(r.front().mflops()).isEmpty();
        assertThat(SamplingRunRecord.isSamplingRun(dir)).isTrue();
        assertThat(SamplingRunRecord.isSamplingRun(tmp)).isFalse();
    }

    /** A Cream run: its matching rule in the label, its board and the board's retrained pick in their own table. */
    @Test
    void creamRunsAreLabelledByTheirMatchingAndReportTheirBoard() throws IOException {
        Path dir = sposRun(tmp.resolve("cream"), 2);
        Files.writeString(dir.resolve("config.json"), "{\"method\":\"cream\",\"seed\":2,\"board\":{\"matching\":\"best\"}}");
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"type\":\"epoch\",\"epoch\":1,\"seconds\":10}\n"
                + "{\"type\":\"epoch\",\"epoch\":2,\"seconds\":10,\"rho_mean\":0.5,\"meta_updates\":0}\n");
        Files.writeString(dir.resolve("board.json"), "{\"entries\":[{\"subnet\":\"s\",\"score\":37.5,\"macs\":6500000},"
                + "{\"subnet\":\"t\",\"score\":30,\"macs\":3500000}]}");
        Files.createDirectories(dir.resolve("board-4M-model"));
        Files.writeString(dir.resolve("board-4M-model/results.json"), "{\"test_top1\":0.7}");
        SamplingRunRecord r = SamplingRunRecord.read(dir);
        assertThat(r.label()).isEqualTo("cream-best");
        assertThat(r.cream().boardRetrained()).isEqualTo(Map.of(4.0, 0.7));
        assertThat(r.cream().bestMflops()).isEqualTo(6.5);
        String md = new SamplingReport(List.of(SamplingRunRecord.read(sposRun(tmp.resolve("spos"), 0)), r)).markdown();
        assertThat(md).contains("| cream-best | 2 | 37.5 / 6.50 | 0.500 | 0 | 70.00 |", "≤4M board pick retrained test %");
        assertThat(SamplingRunRecord.read(tmp.resolve("spos")).cream()).isNull();
    }

    /** Evolutions run without --random-search: no random columns, no gain column. */
    @Test
    void withoutRandomSearchTheRandomColumnsAreLeftOut() throws IOException {
        Path dir = sposRun(tmp.resolve("norandom"), 1);
        Files.writeString(dir.resolve("evolve/summary.json"), "{\"results\":{\"evolution\":["
                + "{\"budget_m\":4.0,\"accuracy\":0.45,\"file\":\"best-4M.json\"}]}}");
        String md = new SamplingReport(List.of(SamplingRunRecord.read(dir))).markdown();
        assertThat(md).doesNotContain("random").contains("| spos | 1 | 50.00 | 30.00 | 0.667 (4) |\n")
                .contains("| **0.667** | 0.800 | 45.00 | **81.00** |");
    }

    @Test
    void tablesGroupByMethodAndThePlotHoldsEveryFront() throws IOException {
        SamplingRunRecord a = SamplingRunRecord.read(sposRun(tmp.resolve("a"), 0));
        SamplingRunRecord b = SamplingRunRecord.read(sposRun(tmp.resolve("b"), 1));
        SamplingReport report = new SamplingReport(List.of(a, b));
        String md = report.markdown();
        // two identical runs: a standard deviation of 0; 22.5 s rounds half up
        assertThat(md).contains("| spos | 2 | 23 ± 0 | 50.00 ± 0.00 | 30.00 ± 0.00 | **0.667 ± 0.000** | 0.800 ± 0.000"
                + " | 45.00 ± 0.00 | 40.00 ± 0.00 | **81.00 ± 0.00** | 50.00 ± 0.00 | 52.00 ± 0.00 | **n/a** |");
        assertThat(md).contains("≤4M evolution val %", "≤8M retrained test %");
        assertThat(md).contains("| spos | 1 | 50.00 | 30.00 | 0.667 (4) | 4M: 5.00, 8M: -2.00 |");
        Path png = tmp.resolve("fronts.png");
        report.plotFronts(png, "fronts");
        assertThat(Files.size(png)).isGreaterThan(1000);
    }
}
