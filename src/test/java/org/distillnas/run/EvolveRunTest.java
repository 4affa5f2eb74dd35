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
