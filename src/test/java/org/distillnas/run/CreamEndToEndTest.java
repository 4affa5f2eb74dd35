package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.cli.Main;
import org.distillnas.report.JsonlWriter;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cream on tiny real data through the command line: the search with its board and matching network,
 * the board's outputs, a pick under a budget, the evolution on the Cream supernet, the board's best
 * path retrained, and the one-line errors of its options.
 */
class CreamEndToEndTest {
    @TempDir
    Path tmp;

    record Outcome(int status, String out, String err) {}

    @Test
    void creamSearchesKeepsItsBoardAndHandsItsBestPathToTrain() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        Path run = tmp.resolve("cream");
        ok("search", "--space", "mbv3-small", "--method", "cream", "--limit", "600", "--epochs", "2", "--batch-size",
                "32", "--meta-every", "3", "--board-size", "4", "--recalibration-batches", "2", "--threads", "1",
                "--no-progress", "--out", run.toString());
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/board/warmup_epochs").asInt()).isEqualTo(1);
        assertThat(config.at("/board/meta_every").asInt()).isEqualTo(3);
        assertThat(config.at("/sampling/weight_sharing").isNull() || config.at("/sampling/weight_sharing").isMissingNode())
                .isTrue();

        List<JsonNode> epochs = JsonlWriter.readAll(run.resolve("metrics.jsonl")).stream()
                .filter(n -> n.path("type").asText().equals("epoch")).toList();
        assertThat(epochs).hasSize(2);
        // the warm-up epoch trains single paths on the labels only; the second fills the board and distils
        assertThat(epochs.get(0).get("board_size").asInt()).isZero();
        assertThat(epochs.get(0).get("distilled_steps").asInt()).isZero();
        assertThat(epochs.get(1).get("board_size").asInt()).isEqualTo(4);
        assertThat(epochs.get(1).get("distilled_steps").asInt()).isGreaterThan(0);
        assertThat(epochs.get(1).get("meta_updates").asInt()).isGreaterThan(0);
        assertThat(epochs.get(1).get("rho_mean").asDouble()).isBetween(0.0, 1.0);

        JsonNode board = json.readTree(run.resolve("board.json").toFile()).get("entries");
        assertThat(board).hasSize(4);
        for (int i = 1; i < board.size(); i++) {
            assertThat(board.get(i).get("score").asDouble()).isLessThanOrEqualTo(board.get(i - 1).get("score").asDouble());
        }
        Subnet best = (Subnet) GenotypeJson.read(run.resolve("board-best.json"));
        SampledSpaces.of(best, null).validate(best);
        assertThat(best.toString()).isEqualTo(board.get(0).get("subnet").asText());
        assertThat(Files.size(run.resolve("board.png"))).isGreaterThan(1000);
        JsonNode summary = json.readTree(run.resolve("summary.json").toFile());
        assertThat(summary.at("/board_best/subnet").asText()).isEqualTo(best.toString());

        // the cheapest entry's budget picks it or a cheaper-and-better one, never a costlier one
        long cheapest = Long.MAX_VALUE;
        for (JsonNode e : board) {
            cheapest = Math.min(cheapest, e.get("macs").asLong());
        }
        double budget = Math.ceil(cheapest / 1e4) / 100;
        ok("board", run.toString(), "--budget", Double.toString(budget), "--out", tmp.resolve("pick.json").toString());
        Subnet pick = (Subnet) GenotypeJson.read(tmp.resolve("pick.json"));
        assertThat(SampledSpaces.of(pick, null).flopsTable(pick.resolution(), 1, 10).macs(pick)).isLessThanOrEqualTo(
                (long) (budget * 1e6));
        Outcome none = exec("board", run.toString(), "--budget", "0.5");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("--budget 0.5: no board entry within it").doesNotContain("Exception");

        ok("evolve", run.toString(), "--budgets", "16", "--population", "4", "--parents", "2", "--mutations", "2",
                "--crossovers", "2", "--generations", "1", "--eval-images", "64", "--workers", "1");
        assertThat(run.resolve("evolve").resolve("best-16M.json")).exists();

        Path model = tmp.resolve("best-model");
        ok("train", run.resolve("board-best.json").toString(), "--epochs", "1", "--limit", "200", "--batch-size", "32",
                "--threads", "1", "--no-progress", "--out", model.toString());
        assertThat(json.readTree(model.resolve("results.json").toFile()).get("test_top1").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void badCreamOptionsAreOneLineErrors() throws Exception {
        String[] base = {"search", "--space", "mbv3-small", "--limit", "200", "--epochs", "2", "--out",
            tmp.resolve("x").toString()};
        assertError(concat(base, "--method", "spos", "--matching", "best"), "apply to --method cream, not spos");
        assertError(concat(base, "--method", "cream", "--cream-quirks", "rho-last-scored,oops"),
                "--cream-quirks oops: expected some of rho-last-scored, first-tensor-lookahead, store-teacher-outputs");
        assertError(concat(base, "--method", "cream", "--board-warmup-epochs", "2"),
                "--board-warmup-epochs 2: expected fewer than --epochs 2");
        assertError(concat(base, "--method", "cream", "--matching", "nearest"), "--matching nearest: expected one of meta, best");
        assertError(concat(base, "--method", "cream", "--board-scoring", "val"), "--board-scoring val: expected one of batch, held-out");
        assertError(concat(base, "--method", "cream", "--batch-size", "6"),
                "--batch-size 6: the matching network's look-ahead needs at least 8 images per batch");
        assertError(concat(base, "--method", "cream", "--kd-loss", "kl"), "--method cream has its own");
        assertError(new String[] {"board", tmp.toString()}, "no board.json (expected the folder of a finished --method cream search)");
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }

    private void assertError(String[] args, String message) {
        Outcome o = exec(args);
        assertThat(o.status()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(o.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(o.err().strip().lines().count()).isEqualTo(1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Outcome exec(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.execute(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void ok(String... args) {
        Outcome o = exec(args);
        assertThat(o.status()).as(String.join(" ", args) + ": " + o.err()).isZero();
    }
}
