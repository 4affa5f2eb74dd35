package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.distillnas.evolution.EvolutionConfig;
import org.distillnas.evolution.SubnetScorer;
import org.distillnas.report.JsonlWriter;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder of evolve, on a fake scorer (no engine). */
class EvolveRunTest {
    static final SampledSpace SPACE = SampledSpaces.byName("mbv3-small");
    static final ToLongFunction<Subnet> MACS = s -> SPACE.flopsTable(s.resolution(), 1, 10).macs(s);
    static final SubnetScorer FAKE = s -> 0.5 + 0.4 * (1 - Math.exp(-MACS.applyAsLong(s) / 4e6))
            + 0.05 * Math.floorMod(s.toString().hashCode(), 1000) / 1000.0;
    static final EvolutionConfig SMALL = new EvolutionConfig(8, 4, 4, 4, 0.2, 3);

    @TempDir
    Path tmp;

    private Map<String, Object> search(Path out, List<Double> budgets) {
        EvolveRun.Settings settings = new EvolveRun.Settings(budgets, SMALL, "test", true, 2, 0, 0, null, null);
        return EvolveRun.search(SPACE, MACS, FAKE, s -> 1000L, settings, Map.of("scorer", "fake"), out,
                new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void writesTheFrontsTheBestFilesTheLogsAndTheSummary() throws Exception {
        Path out = tmp.resolve("evolve");
        search(out, List.of(6.0, 3.0));

        List<JsonNode> evaluations = JsonlWriter.readAll(out.resolve("evaluations.jsonl"));
        // 2 methods x 2 budgets, as many candidates each
        assertThat(evaluations).hasSize(4 * SMALL.evaluationsPerSearch());
        assertThat(evaluations).allSatisfy(e -> assertThat(e.get("macs").asLong())
                .isLessThanOrEqualTo(Math.round(e.get("budget_m").asDouble() * 1e6)));
        assertThat(JsonlWriter.readAll(out.resolve("progress.jsonl"))).hasSize(SMALL.generations());

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("done");
        assertThat(summary.get("scorer").asText()).isEqualTo("fake");
        assertThat(summary.get("budgets_m").toString()).isEqualTo("[3.0,6.0]");
        for (String budget : List.of("3", "6")) {
            Path file = out.resolve("best-" + budget + "M.json");
            Subnet best = (Subnet) GenotypeJson.read(file);
            SPACE.validate(best);
            assertThat(MACS.applyAsLong(best)).isLessThanOrEqualTo(Long.parseLong(budget) * 1_000_000);
            JsonNode r = result(summary, "evolution", budget);
            assertThat(r.get("subnet").asText()).isEqualTo(best.toString());
            assertThat(r.get("file").asText()).isEqualTo("best-" + budget + "M.json");
            // no evaluated subnet under the budget beats the best file
            assertThat(evaluations.stream().filter(e -> e.get("method").asText().equals("evolution")
                    && e.get("macs").asLong() <= Long.parseLong(budget) * 1_000_000)
                    .mapToDouble(e -> e.get("accuracy").asDouble()).max().orElseThrow())
                    .isEqualTo(r.get("accuracy").asDouble());
            assertThat(result(summary, "random", budget).get("candidates").asInt()).isEqualTo(SMALL.evaluationsPerSearch());
        }

        List<Map<String, String>> rows = csv(out.resolve("pareto.csv"));
        assertThat(rows).extracting(r -> r.get("method")).contains("evolution", "random");
        assertThat(rows).filteredOn(r -> r.get("kind").equals("budget")).hasSize(4);
        assertThat(rows).allSatisfy(r -> SPACE.validate(Subnet.parse(r.get("subnet"))));
        assertThat(rows).filteredOn(r -> r.get("kind").equals("bucket")).allSatisfy(r -> assertThat(
                Long.parseLong(r.get("macs"))).isLessThanOrEqualTo(Math.round(Double.parseDouble(r.get("bucket_m")) * 1e6)));
        assertThat(out.resolve("pareto.png")).isNotEmptyFile();
    }

    @Test
    void aSecondSearchInTheSameFolderStartsItsFilesAfresh() throws Exception {
        Path out = tmp.resolve("evolve");
        search(out, List.of(3.0, 6.0));
        search(out, List.of(5.0));
        assertThat(out.resolve("best-3M.json")).doesNotExist();
        assertThat(out.resolve("best-5M.json")).exists();
        assertThat(JsonlWriter.readAll(out.resolve("evaluations.jsonl"))).hasSize(2 * SMALL.evaluationsPerSearch());
    }

    /**
     * A search that dies after 20 evaluations (as a kill would) is continued by the next invocation
     * with the same settings: only the subnets never scored are evaluated, and every output equals
     * the uninterrupted search's. Other settings start afresh.
     */
    @Test
    void aKilledSearchResumesToTheUninterruptedOutputs() throws Exception {
        Path full = tmp.resolve("full");
        AtomicInteger fullCalls = new AtomicInteger();
        search(full, 0, 2, s -> {
            fullCalls.incrementAndGet();
            return FAKE.accuracy(s);
        }, new ByteArrayOutputStream());

        Path killed = tmp.resolve("killed");
        AtomicInteger before = new AtomicInteger();
        // one worker: the 21st call is the 21st subnet submitted, so exactly 20 scores are logged
        assertThatThrownBy(() -> search(killed, 0, 1, s -> {
            if (before.incrementAndGet() > 20) {
                throw new IllegalStateException("killed");
            }
            return FAKE.accuracy(s);
        }, new ByteArrayOutputStream())).hasMessage("killed");
        assertThat(JsonlWriter.readAll(killed.resolve("scores.jsonl"))).hasSize(20);

        AtomicInteger after = new AtomicInteger();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // two workers now: the number of workers is not part of the settings
        search(killed, 0, 2, s -> {
            after.incrementAndGet();
            return FAKE.accuracy(s);
        }, log);
        assertThat(log.toString()).contains("20 subnets already scored");
        assertThat(after.get()).isEqualTo(fullCalls.get() - 20);
        for (String file : List.of("evaluations.jsonl", "progress.jsonl", "pareto.csv", "best-3M.json", "best-6M.json")) {
            assertThat(withoutSeconds(killed.resolve(file))).as(file).isEqualTo(withoutSeconds(full.resolve(file)));
        }
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(killed.resolve("summary.json").toFile()).get("results"))
                .isEqualTo(json.readTree(full.resolve("summary.json").toFile()).get("results"));
        assertThat(json.readTree(killed.resolve("summary.json").toFile()).get("evaluations").asInt())
                .isEqualTo(fullCalls.get());

        AtomicInteger other = new AtomicInteger();
        ByteArrayOutputStream otherLog = new ByteArrayOutputStream();
        search(killed, 1, 2, s -> {
            other.incrementAndGet();
            return FAKE.accuracy(s);
        }, otherLog);
        assertThat(otherLog.toString()).contains("held a search with other settings (seed 0 -> 1): starting afresh");
        assertThat(JsonlWriter.readAll(killed.resolve("scores.jsonl"))).hasSize(other.get());
    }

    private Map<String, Object> search(Path out, long seed, int workers, SubnetScorer scorer, ByteArrayOutputStream log) {
        EvolveRun.Settings settings = new EvolveRun.Settings(List.of(3.0, 6.0), SMALL, "test", true, workers, seed, 0,
                null, null);
        return EvolveRun.search(SPACE, MACS, scorer, s -> 1000L, settings, Map.of("scorer", "fake"), out,
                new PrintStream(log, true));
    }

    /** The file's lines without the wall-clock fields, which no two runs share. */
    private static List<String> withoutSeconds(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> l.replaceAll("\"seconds\":[0-9.Ee-]+", "")).toList();
    }

    @Test
    void aBudgetBelowTheSmallestSubnetIsABadInput() {
        assertThatThrownBy(() -> search(tmp.resolve("x"), List.of(6.0, 1.0))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--budgets 1: below the smallest subnet of mbv3-small (1.41 M multiply-adds)");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    private static JsonNode result(JsonNode summary, String method, String budget) {
        for (JsonNode r : summary.get("results").get(method)) {
            if (EvolveRun.label(r.get("budget_m").asDouble()).equals(budget)) {
                return r;
            }
        }
        throw new AssertionError("no " + method + " result for budget " + budget);
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(Files.readString(file))) {
            return it.readAll();
        }
    }
}
