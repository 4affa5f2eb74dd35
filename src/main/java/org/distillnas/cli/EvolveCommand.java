package org.distillnas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.evolution.EvolutionConfig;
import org.distillnas.run.EvolveRun;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas evolve}: the best subnets of a trained sampling supernet under FLOPs budgets. */
@Command(name = "evolve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Searches a sampling search's trained supernet (spos, sandwich, alphanet, cream) for the best",
            "subnet under each FLOPs budget by evolution, scoring subnets with inherited",
            "weights after BatchNorm recalibration on the run's validation split. Writes",
            "evaluations.jsonl, progress.jsonl, pareto.csv, pareto.png, summary.json and",
            "best-<budget>M.json (a genotype file for 'distillnas train').",
            "",
            "Example: distillnas evolve runs/mbv3-small-spos-seed0 --budgets 6,10 --random-search"})
public final class EvolveCommand implements Callable<Integer> {
    /** Sets of defaults. */
    enum Preset { quick, paper }

    @Parameters(paramLabel = "RUN_DIR", description = "A sampling search's run folder (spos, sandwich, alphanet, cream).")
    Path runDir;

    @Option(names = "--budgets", required = true, split = ",", splitSynopsisLabel = ",", paramLabel = "M",
            description = "FLOPs budgets in millions of multiply-adds; one search and one best-<M>M.json each.")
    List<Double> budgets;

    @Option(names = "--preset", defaultValue = "quick", paramLabel = "NAME",
            description = "quick (minutes on mbv3-small: population 16, top-8 parents, 8 mutations + 8 crossovers, "
                    + "6 generations, 2000 validation images) or paper (AlphaNet: population 512, 128 mutations + 128 "
                    + "crossovers, mutation probability 0.2, 20 iterations, all validation images); options below "
                    + "override it (default: ${DEFAULT-VALUE}).")
    Preset preset;

    @Option(names = "--population", paramLabel = "N", description = "Subnets of the first generation.")
    Integer population;

    @Option(names = "--parents", paramLabel = "K", description = "Parents are drawn from the best K evaluated so far.")
    Integer parents;

    @Option(names = "--generations", paramLabel = "N", description = "Evaluated generations, the first one included.")
    Integer generations;

    @Option(names = "--mutations", paramLabel = "N", description = "Children by mutation per generation.")
    Integer mutations;

    @Option(names = "--crossovers", paramLabel = "N", description = "Children by crossover per generation.")
    Integer crossovers;

    @Option(names = "--mutation-prob", paramLabel = "P", description = "Chance that a mutation redraws each dimension.")
    Double mutationProb;

    @Option(names = "--random-search",
            description = "Also run random search under each budget with the same number of evaluations (a baseline).")
    boolean randomSearch;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Subnets evaluated at once, each on its own thread (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the searches (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--eval-images", paramLabel = "N",
            description = "Score each subnet on the first N validation images of the run's split, 0 = all (quick: 2000, paper: 0).")
    Integer evalImages;

    @Option(names = "--bucket", paramLabel = "M",
            description = "Width of the Pareto buckets in millions of multiply-adds (default: a round fiftieth of the space's range).")
    Double bucket;

    @Option(names = "--checkpoint", paramLabel = "NAME", description = "Checkpoint of the run, e.g. epoch-0003 (default: the latest).")
    String checkpoint;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: RUN_DIR/evolve).")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        EvolveRun.Settings settings = settings();
        // each worker runs its own evaluations: one libtorch thread apiece keeps them off each other's cores
        engine.start(1);
        EvolveRun.run(runDir, settings, out != null ? out : runDir.resolve("evolve"), System.out);
        return 0;
    }

    /** The preset, then the explicit options. */
    EvolveRun.Settings settings() {
        boolean paper = preset == Preset.paper;
        EvolutionConfig p = paper ? EvolutionConfig.paper() : EvolutionConfig.quick();
        EvolutionConfig c = new EvolutionConfig(or(population, p.population()), or(parents, p.parents()),
                or(mutations, p.mutations()), or(crossovers, p.crossovers()),
                mutationProb != null ? mutationProb : p.mutationProbability(), or(generations, p.generations()));
        int images = evalImages != null ? evalImages : paper ? 0 : 2000;
        if (images < 0) {
            throw new BadInputException("--eval-images " + images + ": expected 0 (all) or a positive count");
        }
        if (bucket != null && !(bucket > 0)) {
            throw new BadInputException("--bucket " + bucket + ": expected a positive width in millions");
        }
        return new EvolveRun.Settings(budgets, c, preset.name(), randomSearch, workers, seed, images, bucket, checkpoint);
    }

    private static int or(Integer v, int fallback) {
        return v != null ? v : fallback;
    }
}
