package org.distillnas.run;

import org.distillnas.train.SearchConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distillnas.eval.Ranking;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rank scores a table's architectures with a finished search's supernet. */
class RankRunTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    @Test
    void ranksATableWithTheSupernetOfARun() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path run = tmp.resolve("run");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        SearchConfig c = SearchEndToEndTest.tiny("nb201", "darts", 1, 1200);
        c = c.withSharpness(0, 0);
        Genotype found = new SearchRun(c, run, quiet, false).run(false, false);
        Path table = tmp.resolve("table.csv");
        Files.writeString(table, "architecture,params,accuracy\n"
                + "\"" + found + "\",1,0.91\n"
                + "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|,1,0.40\n"
                + "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|,1,0.93\n"
                + "|none~0|+|none~0|none~1|+|none~0|none~1|avg_pool_3x3~2|,1,0.10\n");
        Path out = tmp.resolve("rank.csv");

        RankRun.Outcome o = RankRun.run(run, table, out, 20, quiet);

        assertThat(o.entries()).hasSize(4);
        double[] a = o.entries().stream().mapToDouble(RankRun.Entry::standalone).toArray();
        double[] b = o.entries().stream().mapToDouble(RankRun.Entry::oneShot).toArray();
        assertThat(o.kendallTau()).isEqualTo(Ranking.kendallTau(a, b));
        assertThat(o.spearmanRho()).isEqualTo(Ranking.spearmanRho(a, b));
        assertThat(Files.readAllLines(out)).hasSize(5);
        // the supernet reloaded from the checkpoint scores the search's own genotype exactly as the
        // search did at its end (same weights, same recalibration batches, same split)
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertThat(o.entries().get(0).oneShot()).isEqualTo(summary.get("discrete_inherited_val_acc").asDouble());
    }

    @Test
    void aTableWithoutTheColumnsIsRejected() throws Exception {
        Path table = tmp.resolve("bad.csv");
        Files.writeString(table, "arch,acc\n|a|,0.5\n");
        assertThatThrownBy(() -> RankRun.readTable(table)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'architecture' and 'accuracy'");
        Files.writeString(table, "architecture,accuracy\nx,high\ny,0.4\n");
        assertThatThrownBy(() -> RankRun.readTable(table)).hasMessageContaining("line 2").hasMessageContaining("'high'");
    }
}
