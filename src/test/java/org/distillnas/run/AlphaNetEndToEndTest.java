package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.distillnas.cli.Main;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AlphaNet on a slimmable space, through the sampling family's tools unchanged: a tiny real
 * search, evolution under a budget, the best subnet retrained from scratch, and the confidence
 * diagnostic.
 */
class AlphaNetEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void alphanetOnASlimmableSpaceSearchesEvolvesRetrainsAndDiagnoses() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path run = tmp.resolve("alphanet");
        ok("search", "--space", "mbv3-slim", "--method", "alphanet", "--limit", "400", "--epochs", "1",
                "--batch-size", "32", "--recalibration-batches", "2", "--threads", "1", "--no-progress", "--out",
                run.toString());
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/kd_loss/kind").asText()).isEqualTo("adaptive");
        assertThat(config.at("/sampling/label_smoothing").asDouble()).isEqualTo(0.1);
        JsonNode summary = json.readTree(run.resolve("summary.json").toFile());
        assertThat(summary.at("/largest/inherited_val_acc").asDouble()).isBetween(0.0, 1.0);

        // the slimmable space holds 4 networks; under 6 M multiply-adds only the two narrowest fit
        ok("evolve", run.toString(), "--budgets", "6", "--population", "4", "--parents", "2", "--mutations", "2",
                "--crossovers", "2", "--generations", "2", "--eval-images", "100", "--workers", "1");
        Subnet best = (Subnet) GenotypeJson.read(run.resolve("evolve").resolve("best-6M.json"));
        SampledSpaces.of(best, null).validate(best);
        assertThat(best.stem()).isIn(6, 8);

        Path model = run.resolve("evolve").resolve("best-6M-model");
        ok("train", run.resolve("evolve").resolve("best-6M.json").toString(), "--epochs", "1", "--limit", "300",
                "--batch-size", "32", "--threads", "1", "--no-progress", "--out", model.toString());
        assertThat(json.readTree(model.resolve("results.json").toFile()).get("test_top1").asDouble()).isBetween(0.0, 1.0);

        ok("confidence", run.toString(), "--random", "2", "--images", "200", "--threads", "1");
        JsonNode c = json.readTree(run.resolve("confidence.json").toFile());
        assertThat(c.get("students")).hasSize(3);
        for (JsonNode s : c.get("students")) {
            assertThat(s.get("images").asInt()).isEqualTo(200);
            double over = s.get("over_confident").asDouble();
            double under = s.get("under_confident").asDouble();
            assertThat(over).isBetween(0.0, 1.0);
            assertThat(under).isBetween(0.0, 1.0 - over);
            assertThat(Math.abs(s.get("mean_gap").asDouble())).isLessThanOrEqualTo(s.get("mean_abs_gap").asDouble());
        }
    }

    private static void ok(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            status = Main.execute(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        assertThat(status).as(String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
    }
}
