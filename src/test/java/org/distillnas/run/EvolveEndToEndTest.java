package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.cli.Main;
import org.distillnas.eval.SubnetEvaluation;
import org.distillnas.report.JsonlWriter;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.train.RunFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distillnas evolve} on a tiny real spos run: its files, its scores, and its one-line errors. */
class EvolveEndToEndTest {
    @TempDir
    static Path tmp;

    static Path run;

    private record Outcome(int status, String err) {}

    @BeforeAll
    static void trainATinySupernet() {
        org.distillnas.TestData.requireFashionMnist();
        run = tmp.resolve("spos");
        Outcome o = execute("search", "--space", "mbv3-small", "--method", "spos", "--limit", "400", "--epochs", "1",
                "--batch-size", "32", "--threads", "1", "--no-progress", "--out", run.toString());
        assertThat(o.status()).as(o.err()).isZero();
    }

    @Test
    void evolveWritesFrontsAndBestFilesWhoseScoresASerialEvaluationReproduces() throws Exception {
        Path out = tmp.resolve("evolve");
        Outcome o = execute("evolve", run.toString(), "--budgets", "3,6", "--population", "4", "--parents", "2",
                "--mutations", "2", "--crossovers", "2", "--generations", "2", "--random-search", "--eval-images", "100",
                "--workers", "2", "--out", out.toString());
        assertThat(o.status()).as(o.err()).isZero();

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("done");
        assertThat(summary.get("eval_images").asInt()).isEqualTo(100);
        assertThat(out.resolve("pareto.png")).isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("pareto.csv")).get(0)).startsWith("method,kind,bucket_m,macs,accuracy");
        List<JsonNode> evaluations = JsonlWriter.readAll(out.resolve("evaluations.jsonl"));
        assertThat(evaluations).hasSize(2 * 2 * (4 + 2 + 2));
        assertThat(evaluations).allSatisfy(e -> assertThat(e.get("params").asLong()).isPositive());

        try (NDManager manager = NDManager.newBaseManager()) {
            TrainedSupernet t = TrainedSupernet.load(run, null, manager);
            SubnetEvaluation serial = t.evaluation().onFirstImages(100);
            for (String budget : List.of("3", "6")) {
                Subnet best = (Subnet) GenotypeJson.read(out.resolve("best-" + budget + "M.json"));
                t.space().validate(best);
                assertThat(t.sampler().macs(best)).isLessThanOrEqualTo(Long.parseLong(budget) * 1_000_000);
                JsonNode line = evaluations.stream().filter(e -> e.get("subnet").asText().equals(best.toString()))
                        .findFirst().orElseThrow();
                // scored on a worker thread, in parallel with another: the same as alone on this thread
                assertThat(serial.evaluate(best, manager).accuracy()).isEqualTo(line.get("accuracy").asDouble());
            }
        }
    }

    @Test
    void badInputIsOneLineAndStatusTwo() throws Exception {
        assertOneLine(execute("evolve", run.toString(), "--budgets", "0.5", "--out", tmp.resolve("a").toString()),
                "--budgets 0.5: below the smallest subnet of mbv3-small");
        assertOneLine(execute("evolve", run.toString(), "--budgets", "6", "--preset", "fast"), "fast");
        assertOneLine(execute("evolve", tmp.resolve("nothing-here").toString(), "--budgets", "6"), "nothing-here");

        Path darts = tmp.resolve("darts");
        SearchRun.prepareFolder(new RunFiles(darts), SearchEndToEndTest.tiny("nb201", "darts", 1, 400));
        assertOneLine(execute("evolve", darts.toString(), "--budgets", "6"), "expected a sampling search");
    }

    private static void assertOneLine(Outcome o, String fragment) {
        assertThat(o.status()).as(o.err()).isEqualTo(Main.USAGE_ERROR);
        assertThat(o.err().lines().count()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).contains(fragment);
    }

    private static Outcome execute(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return new Outcome(Main.execute(args), err.toString(StandardCharsets.UTF_8).trim());
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }
}
