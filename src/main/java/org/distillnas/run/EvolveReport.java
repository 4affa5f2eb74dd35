package org.distillnas.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.distillnas.evolution.GenerationalSearch;
import org.distillnas.evolution.ParetoFront;
import org.distillnas.evolution.ScoredSubnet;
import org.distillnas.report.JsonlWriter;
import org.distillnas.report.ParetoPlot;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.AtomicFiles;

/**
 * The output folder of {@code evolve}:
 * <ul>
 *   <li>{@code evaluations.jsonl}: one line per candidate of every search (method, budget,
 *       generation, subnet, MACs, parameters, accuracy; {@code reused} when its score came from
 *       the memo, i.e. another search or budget had it evaluated already);</li>
 *   <li>{@code progress.jsonl}: one line per generation with each search's best so far;</li>
 *   <li>{@code pareto.csv}: per method, the best subnet under each budget and of each FLOPs bucket;</li>
 *   <li>{@code pareto.png}: accuracy against MFLOPs, every evaluated subnet and each method's front;</li>
 *   <li>{@code best-<budget>M.json}: the evolution's best subnet under each budget, a genotype
 *       file for {@code distillnas train --genotype};</li>
 *   <li>{@code summary.json}: settings and results;</li>
 *   <li>{@code settings.json} and {@code scores.jsonl}: see {@link EvolveScores}.</li>
 * </ul>
 * Everything but the two logs is rewritten atomically after every generation, so a search that is
 * stopped leaves the results of its last finished generation.
 */
final class EvolveReport implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Function<Subnet, Long> parameters;
    private final JsonlWriter evaluations;
    private final JsonlWriter progress;

    EvolveReport(Path dir, Function<Subnet, Long> parameters) {
        this.dir = dir;
        this.parameters = parameters;
        clearPrevious(dir);
        this.evaluations = new JsonlWriter(dir.resolve("evaluations.jsonl"));
        this.progress = new JsonlWriter(dir.resolve("progress.jsonl"));
    }

    /** A new search starts empty: the logs and best files of an earlier one would be mixed in. */
    private static void clearPrevious(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("evaluations.jsonl"));
            Files.deleteIfExists(dir.resolve("progress.jsonl"));
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "best-*M.json")) {
                for (Path p : old) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    void evaluated(GenerationalSearch search, ScoredSubnet s, boolean reused) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("method", search.method());
        line.put("budget_m", search.budgetMacs() / 1e6);
        line.put("generation", s.generation());
        line.put("subnet", s.subnet().toString());
        line.put("macs", s.macs());
        line.put("params", parameters.apply(s.subnet()));
        line.put("accuracy", s.accuracy());
        line.put("reused", reused);
        evaluations.write(line);
    }

    /**
     * Per search: the candidates it has had scored, and the best under its budget so far over all
     * its method evaluated (another budget's search may have found it).
     */
    void generation(int g, List<? extends GenerationalSearch> searches, Map<String, ParetoFront> fronts, int evaluated,
            double seconds) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("generation", g);
        line.put("evaluations", evaluated);
        line.put("seconds", seconds);
        List<Map<String, Object>> best = new ArrayList<>();
        for (GenerationalSearch s : searches) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("method", s.method());
            b.put("budget_m", s.budgetMacs() / 1e6);
            b.put("candidates", s.history().size());
            fronts.get(s.method()).bestUnder(s.budgetMacs()).ifPresent(x -> {
                b.put("accuracy", x.accuracy());
                b.put("macs", x.macs());
                b.put("subnet", x.subnet().toString());
            });
            best.add(b);
        }
        line.put("best", best);
        progress.write(line);
    }

    /**
     * Per method, per budget: the best subnet under the budget over everything that method
     * evaluated (all its budgets' searches), and what that budget's own search spent. Writes the
     * evolution's best files.
     */
    Map<String, List<Map<String, Object>>> results(List<? extends GenerationalSearch> searches,
            Map<String, ParetoFront> fronts) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (GenerationalSearch s : searches) {
            Map<String, Object> r = new LinkedHashMap<>();
            String budget = EvolveRun.label(s.budgetMacs() / 1e6);
            r.put("budget_m", s.budgetMacs() / 1e6);
            Optional<ScoredSubnet> best = fronts.get(s.method()).bestUnder(s.budgetMacs());
            best.ifPresent(b -> {
                r.put("subnet", b.subnet().toString());
                r.put("macs", b.macs());
                r.put("params", parameters.apply(b.subnet()));
                r.put("accuracy", b.accuracy());
            });
            r.put("candidates", s.history().size());
            r.put("shortfall", s.shortfall());
            if (s.method().equals("evolution") && best.isPresent()) {
                String file = "best-" + budget + "M.json";
                GenotypeJson.save(best.get().subnet(), dir.resolve(file));
                r.put("file", file);
            }
            out.computeIfAbsent(s.method(), m -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** {@code pareto.csv} and {@code pareto.png}. */
    void fronts(Map<String, ParetoFront> fronts, List<Long> budgets, String space) {
        StringBuilder csv = new StringBuilder("method,kind,bucket_m,macs,accuracy,params,on_front,subnet\n");
        Map<String, ParetoPlot.Points> evaluated = new LinkedHashMap<>();
        Map<String, ParetoPlot.Points> lines = new LinkedHashMap<>();
        for (Map.Entry<String, ParetoFront> e : fronts.entrySet()) {
            ParetoFront f = e.getValue();
            List<ScoredSubnet> front = f.nonDominated();
            Set<String> onFront = front.stream().map(s -> s.subnet().toString()).collect(Collectors.toSet());
            for (long b : budgets) {
                f.bestUnder(b).ifPresent(s -> row(csv, e.getKey(), "budget", b, s, onFront));
            }
            for (ParetoFront.Bucket b : f.buckets()) {
                row(csv, e.getKey(), "bucket", b.upperMacs(), b.best(), onFront);
            }
            evaluated.put(e.getKey(), points(f.all()));
            lines.put(e.getKey(), points(front));
        }
        AtomicFiles.writeString(dir.resolve("pareto.csv"), csv.toString());
        ParetoPlot.write(dir.resolve("pareto.png"), "Evolutionary search on " + space + ": accuracy with inherited weights",
                evaluated, lines, budgets.stream().map(b -> b / 1e6).toList());
    }

    private void row(StringBuilder csv, String method, String kind, long edge, ScoredSubnet s, Set<String> onFront) {
        Long params = parameters.apply(s.subnet());
        csv.append(method).append(',').append(kind).append(',').append(EvolveRun.label(edge / 1e6)).append(',')
                .append(s.macs()).append(',').append(s.accuracy()).append(',').append(params == null ? "" : params)
                .append(',').append(onFront.contains(s.subnet().toString())).append(',')
                // canonical strings hold commas between layers: quote them
                .append('"').append(s.subnet()).append("\"\n");
    }

    private static ParetoPlot.Points points(List<ScoredSubnet> scored) {
        return new ParetoPlot.Points(scored.stream().map(s -> s.macs() / 1e6).toList(),
                scored.stream().map(s -> 100 * s.accuracy()).toList());
    }

    void summary(Map<String, Object> summary) {
        try {
            AtomicFiles.writeString(dir.resolve("summary.json"), JSON.writeValueAsString(summary) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary as JSON", e);
        }
    }

    @Override
    public void close() {
        evaluations.close();
        progress.close();
    }
}
