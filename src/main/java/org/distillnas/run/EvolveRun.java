package org.distillnas.run;

import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.distillnas.eval.SubnetEvaluation;
import org.distillnas.evolution.Evolution;
import org.distillnas.evolution.EvolutionConfig;
import org.distillnas.evolution.GenerationalSearch;
import org.distillnas.evolution.ParallelScorer;
import org.distillnas.evolution.ParetoFront;
import org.distillnas.evolution.RandomSearch;
import org.distillnas.evolution.ScoredSubnet;
import org.distillnas.evolution.SearchRunner;
import org.distillnas.evolution.SubnetScorer;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.train.Checkpointer;
import org.distillnas.train.RunFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.FolderLock;

/**
 * {@code distillnas evolve}: searches a trained sampling supernet for the best subnet under each
 * FLOPs budget, by evolution (and, on request, by random search with as many evaluations), scoring
 * subnets with inherited weights after BatchNorm recalibration on the run's validation split. One
 * evolution per budget, all run in lockstep so that a generation's candidates of every budget are
 * evaluated together on the worker pool. Writes {@link EvolveReport}'s files. An invocation with
 * the settings of an unfinished (killed) one in the same folder continues it ({@link EvolveScores}).
 */
public final class EvolveRun {
    private EvolveRun() {}

    /**
     * @param budgetsM FLOPs budgets in millions of multiply-adds
     * @param preset name of the preset {@code evolution} came from (for the summary)
     * @param randomSearch also run random search with the same number of evaluations
     * @param workers threads evaluating subnets at once
     * @param evalImages validation images each subnet is scored on (0: the run's whole split)
     * @param bucketM Pareto bucket width in millions (null: {@link ParetoFront#defaultBucket})
     * @param checkpoint checkpoint of the run to search (null: its latest)
     */
    public record Settings(List<Double> budgetsM, EvolutionConfig evolution, String preset, boolean randomSearch,
            int workers, long seed, int evalImages, Double bucketM, String checkpoint) {}

    /** Loads the run's supernet and searches it; returns the summary written to {@code summary.json}. */
    public static Map<String, Object> run(Path runDir, Settings settings, Path outDir, PrintStream out) {
        try (NDManager manager = EngineSetup.newManager()) {
            TrainedSupernet t = TrainedSupernet.load(runDir, settings.checkpoint(), manager);
            budgets(settings.budgetsM(), t.space(), t.sampler()::macs); // bad budgets: one line, before anything else
            String checkpoint = settings.checkpoint() != null ? settings.checkpoint()
                    : new Checkpointer(new RunFiles(runDir).checkpoints(), 2).latestName();
            SubnetEvaluation evaluation = t.evaluation().onFirstImages(settings.evalImages());
            InheritedWeightScorer scorer = new InheritedWeightScorer(evaluation, manager);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("run_dir", runDir.toAbsolutePath().toString());
            header.put("checkpoint", checkpoint);
            header.put("method", t.config().method());
            header.put("eval_images", evaluation.val().data().size());
            header.put("recalibration_batches", evaluation.recalibrationBatches());
            // libtorch's thread count decides the last bits of every score
            header.put("engine", EngineSetup.inForce());
            out.printf("evolve %s (%s, %s): budgets %s M, %s preset, %d workers, %d validation images per subnet%n",
                    runDir, t.space().name(), checkpoint, labels(settings.budgetsM()), settings.preset(), settings.workers(),
                    evaluation.val().data().size());
            return search(t.space(), t.sampler()::macs, scorer, scorer::parameters, settings, header, outDir, out);
        }
    }

    /**
     * The search itself, on any scorer (tests use a fake one): checks the budgets, runs the
     * searches in lockstep and writes the reports after every generation.
     *
     * @param parameters parameter count of an evaluated subnet, or null when unknown
     * @param header fields that describe the scorer, put first in the summary
     */
    public static Map<String, Object> search(SampledSpace space, ToLongFunction<Subnet> macs, SubnetScorer scorer,
            Function<Subnet, Long> parameters, Settings settings, Map<String, Object> header, Path outDir,
            PrintStream out) {
        long t0 = System.nanoTime();
        List<Long> budgets = budgets(settings.budgetsM(), space, macs);
        long smallest = macs.applyAsLong(space.smallest());
        long largest = macs.applyAsLong(space.largest());
        long bucket = settings.bucketM() != null ? Math.max(1, Math.round(settings.bucketM() * 1e6))
                : ParetoFront.defaultBucket(smallest, largest);
        List<GenerationalSearch> searches = new ArrayList<>();
        for (long b : budgets) {
            searches.add(new Evolution(space, settings.evolution(), macs, b, settings.seed()));
        }
        if (settings.randomSearch()) {
            for (long b : budgets) {
                searches.add(new RandomSearch(space, settings.evolution(), macs, b, settings.seed()));
            }
        }
        Map<String, ParetoFront> fronts = new LinkedHashMap<>();
        searches.forEach(s -> fronts.computeIfAbsent(s.method(), m -> new ParetoFront(bucket)));

        Map<String, Object> summary = new LinkedHashMap<>(header);
        summary.put("space", space.name());
        summary.put("budgets_m", budgets.stream().map(b -> b / 1e6).toList());
        summary.put("preset", settings.preset());
        summary.put("evolution", settings.evolution());
        summary.put("random_search", settings.randomSearch());
        summary.put("seed", settings.seed());
        summary.put("workers", settings.workers());
        summary.put("bucket_m", bucket / 1e6);
        summary.put("smallest_macs", smallest);
        summary.put("largest_macs", largest);
        int generations = settings.evolution().generations();
        // what the scores and the proposals depend on; not the workers, nor where the run folder is
        Map<String, Object> replayable = new LinkedHashMap<>(summary);
        replayable.remove("run_dir");
        replayable.remove("workers");
        replayable.remove("preset");
        try (FolderLock lock = FolderLock.acquire(outDir, "evolve");
                EvolveScores scores = EvolveScores.open(outDir, replayable, out);
                EvolveReport report = new EvolveReport(outDir, parameters);
                ParallelScorer parallel = new ParallelScorer(scorer, settings.workers(), scores.known(), scores)) {
            SearchRunner.run(searches, generations, parallel, new SearchRunner.Listener() {
                @Override
                public void evaluated(GenerationalSearch search, ScoredSubnet scored, boolean reused) {
                    fronts.get(search.method()).add(scored);
                    report.evaluated(search, scored, reused);
                }

                @Override
                public void generationDone(int g, List<? extends GenerationalSearch> all) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    out.println(progressLine(g, generations, all, fronts, parallel.evaluations(), seconds));
                    summary.put("status", g + 1 == generations ? "done" : "running");
                    summary.put("generations_done", g + 1);
                    summary.put("evaluations", parallel.evaluations());
                    summary.put("wall_seconds", seconds);
                    report.generation(g, all, fronts, parallel.evaluations(), seconds);
                    summary.put("results", report.results(all, fronts));
                    report.fronts(fronts, budgets, space.name());
                    report.summary(summary);
                }
            });
        }
        out.printf("wrote %s: pareto.csv, pareto.png, best-<budget>M.json, evaluations.jsonl, summary.json%n",
                outDir.toAbsolutePath());
        return summary;
    }

    /** The budgets in MACs, ascending and distinct; each must admit at least the smallest subnet. */
    static List<Long> budgets(List<Double> budgetsM, SampledSpace space, ToLongFunction<Subnet> macs) {
        long smallest = macs.applyAsLong(space.smallest());
        TreeSet<Long> out = new TreeSet<>();
        if (budgetsM == null || budgetsM.isEmpty()) {
            throw new BadInputException("--budgets: expected at least one FLOPs budget in millions of "
                    + "multiply-adds, e.g. --budgets 6,10");
        }
        for (double m : budgetsM) {
            long b = Math.round(m * 1e6);
            if (!(m > 0) || !Double.isFinite(m) || b < smallest) {
                throw new BadInputException("--budgets " + label(m) + ": below the smallest subnet of "
                        + space.name() + " (" + String.format(Locale.ROOT, "%.2f", smallest / 1e6)
                        + " M multiply-adds); expected budgets of at least that many millions");
            }
            out.add(b);
        }
        return List.copyOf(out);
    }

    /** Per method and budget the best under the budget so far, over all that method evaluated. */
    private static String progressLine(int g, int generations, List<? extends GenerationalSearch> searches,
            Map<String, ParetoFront> fronts, int evaluations, double seconds) {
        StringBuilder sb = new StringBuilder("generation ").append(g + 1).append('/').append(generations).append(':');
        String method = null;
        for (GenerationalSearch s : searches) {
            if (!s.method().equals(method)) {
                sb.append(method == null ? " " : " | ").append(s.method());
                method = s.method();
            }
            sb.append(' ').append(label(s.budgetMacs() / 1e6)).append("M ");
            sb.append(fronts.get(s.method()).bestUnder(s.budgetMacs()).map(b -> String.format(Locale.ROOT, "%.2f%% (%.2fM)", 100 * b.accuracy(),
                    b.macs() / 1e6)).orElse("-"));
        }
        long secs = Math.round(seconds);
        return sb.append(" | ").append(evaluations).append(" evaluated, ")
                .append(String.format(Locale.ROOT, "%d:%02d", secs / 60, secs % 60)).toString();
    }

    /** A budget as the file names and messages write it: 6, 6.5, 12.25. */
    static String label(double millions) {
        return BigDecimal.valueOf(millions).stripTrailingZeros().toPlainString();
    }

    private static String labels(List<Double> budgetsM) {
        return String.join(",", budgetsM.stream().map(EvolveRun::label).toList());
    }
}
