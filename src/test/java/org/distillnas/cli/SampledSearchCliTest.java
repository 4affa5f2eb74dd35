package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distillnas.cli.CliErrorsTest.assertOneLine;
import static org.distillnas.cli.CliErrorsTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.strategy.SamplingConfig;
import org.distillnas.train.SearchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code search} on sampling spaces: option resolution, bad input, and a tiny real run ranked. */
class SampledSearchCliTest {
    @TempDir
    Path tmp;

    static SearchConfig resolve(String... args) {
        SearchCommand cmd = new SearchCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.resolve();
    }

    @Test
    void samplingSpacesDefaultToSposAndTheSandwichClipsValues() {
        SearchConfig spos = resolve("--space", "mbv3-small");
        assertThat(spos.method()).isEqualTo("spos");
        assertThat(spos.epochs()).isEqualTo(6);
        assertThat(spos.sampling().gradClipValue()).isZero();
        SearchConfig sandwich = resolve("--space", "mbv3-small", "--method", "sandwich", "--sandwich-random", "3",
                "--flops-window", "2,9", "--choice-weights", "cream");
        assertThat(sandwich.sampling()).isEqualTo(new SamplingConfig(null, 3, 2, 9,
                List.of(0.05, 0.2, 0.05, 0.5, 0.05, 0.15), 1.0, 20, 0, false, 0));
        assertThat(resolve("--space", "mbv3-small", "--weight-sharing", "elastic").sampling().weightSharing())
                .isEqualTo("elastic");
    }

    @Test
    void optionsOfTheOtherFamilyAreOneLineErrors() {
        assertOneLine(run("search", "--space", "mbv3-small", "--channels", "16", "--out", tmp.resolve("a").toString()),
                "--channels", "sampling space mbv3-small");
        assertOneLine(run("search", "--space", "nb201", "--method", "spos", "--out", tmp.resolve("b").toString()),
                "--method spos", "sampling space");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "darts", "--out", tmp.resolve("c").toString()),
                "--method darts", "spos, sandwich, alphanet or cream");
        assertOneLine(run("search", "--flops-window", "2,9", "--out", tmp.resolve("d").toString()), "--flops-window",
                "sampling spaces");
        assertOneLine(run("search", "--space", "mbv3-small", "--flops-window", "9", "--out", tmp.resolve("e").toString()),
                "--flops-window '9'", "MIN,MAX");
        assertOneLine(run("search", "--space", "mbv3-small", "--weight-sharing", "shared", "--out",
                tmp.resolve("f").toString()), "unknown weight sharing 'shared'", "elastic or choice");
        assertThat(tmp.resolve("a")).doesNotExist();
    }

    @Test
    void aMalformedSpaceFileNamesTheField() throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, """
                name: bad
                resolutions: [28]
                stem: {width: [8], stride: 1, activation: relu}
                stages:
                  - {width: [16], depth: [1], kernel: [4], expand: [1], stride: 1, activation: relu}
                """);
        CliErrorsTest.Outcome o = run("search", "--space", file.toString(), "--out", tmp.resolve("r").toString());
        assertOneLine(o, "kernel");
    }

    /**
     * A real spos search of a few hundred images writes its run folder and summary, and
     * {@code rank} scores a table of its subnets with inherited weights.
     */
    @Test
    void aTinySposSearchTrainsAndRanks() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path runDir = tmp.resolve("spos");
        assertThat(Main.execute("search", "--space", "mbv3-small", "--limit", "600", "--epochs", "1", "--batch-size", "32",
                "--recalibration-batches", "2", "--threads", "1", "--seed", "4", "--out", runDir.toString(),
                "--no-progress")).isZero();
        JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
        assertThat(summary.get("method").asText()).isEqualTo("spos");
        assertThat(summary.get("weight_sharing").asText()).isEqualTo("choice");
        assertThat(summary.at("/largest/macs").asLong()).isGreaterThan(5 * summary.at("/smallest/macs").asLong());
        assertThat(summary.at("/largest/inherited_val_acc").asDouble()).isBetween(0.0, 1.0);
        assertThat(runDir.resolve("checkpoints")).isDirectory();

        Path table = tmp.resolve("table.csv");
        // subnet strings hold commas, so a CSV quotes them
        Files.writeString(table, "architecture,accuracy\n\"" + summary.at("/largest/subnet").asText() + "\",0.8\n\""
                + summary.at("/smallest/subnet").asText() + "\",0.7\n");
        Path ranked = tmp.resolve("ranked.csv");
        assertThat(Main.execute("rank", runDir.toString(), "--archs", table.toString(), "--out", ranked.toString(),
                "--threads", "1")).isZero();
        assertThat(Files.readAllLines(ranked)).hasSize(3);
    }
}
