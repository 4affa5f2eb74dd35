package org.distillnas.evolution;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.distillnas.util.BadInputException;

/**
 * The sizes of an evolutionary search under one FLOPs budget, a (mu + lambda) scheme: an initial
 * population, then generations of children bred from the best subnets evaluated so far.
 *
 * <p>Presets and where their values come from:
 * <ul>
 *   <li>{@link #paper()}: AlphaNet's evolutionary search after training (its reference
 *       configuration): parent population 512, 128 mutations and 128 crossovers per iteration,
 *       mutation probability 0.2, 20 iterations. AlphaNet evaluates its 512 initial subnets in the
 *       first iteration and the 256 children of the previous one in each later iteration, so
 *       {@code generations} counts evaluated batches, initial population included. AlphaNet draws
 *       parents from its whole FLOPs range's Pareto front (best per FLOPs bucket); one search here
 *       has one budget, so its parents are the best {@code parents = 512} under that budget (the
 *       parent population kept at its initial size).</li>
 *   <li>{@link #quick()}: our choice, for a search that finishes in minutes on mbv3-small on 2
 *       cores (one evaluation there takes a fraction of a second to a second): AlphaNet's mutation
 *       probability 0.2 and its even split between mutations and crossovers, at sizes close to
 *       SPOS's evolutionary search scaled down by about 3 (SPOS: population 50, top-10 parents, 25
 *       mutations and 25 crossovers, 20 iterations; here 16, 8, 8 and 8, 6 generations), giving 16 +
 *       5 x 16 = 96 evaluations per budget.</li>
 * </ul>
 *
 * @param population subnets of the first generation (random under the budget, the smallest subnet
 *     first, as AlphaNet seeds its population with the smallest subnet)
 * @param parents how many of the best subnets evaluated so far may be parents (top-k)
 * @param mutations children by mutation per later generation
 * @param crossovers children by crossover per later generation
 * @param mutationProbability chance that a mutation redraws each dimension
 * @param generations evaluated batches, the initial population included
 */
public record EvolutionConfig(@JsonProperty("population") int population, @JsonProperty("parents") int parents,
        @JsonProperty("mutations") int mutations, @JsonProperty("crossovers") int crossovers,
        @JsonProperty("mutation_probability") double mutationProbability,
        @JsonProperty("generations") int generations) {

    public EvolutionConfig {
        if (population < 1 || parents < 1 || mutations < 0 || crossovers < 0 || generations < 1) {
            throw new BadInputException("evolution: population " + population + ", parents " + parents + ", mutations "
                    + mutations + ", crossovers " + crossovers + ", generations " + generations
                    + ": expected population, parents and generations of at least 1, and no negative counts");
        }
        if (generations > 1 && mutations + crossovers == 0) {
            throw new BadInputException("evolution: " + generations + " generations with 0 mutations and 0 crossovers: "
                    + "later generations would be empty, expected at least one child per generation");
        }
        if (!(mutationProbability >= 0 && mutationProbability <= 1)) {
            throw new BadInputException("--mutation-prob " + mutationProbability + ": expected a probability in [0, 1]");
        }
    }

    /** Minutes on mbv3-small; see the class comment for the provenance of each value. */
    public static EvolutionConfig quick() {
        return new EvolutionConfig(16, 8, 8, 8, 0.2, 6);
    }

    /** AlphaNet's reference search; see the class comment. */
    public static EvolutionConfig paper() {
        return new EvolutionConfig(512, 512, 128, 128, 0.2, 20);
    }

    /** How many subnets generation {@code generation} (0-based) evaluates when nothing is short. */
    public int batchSize(int generation) {
        return generation == 0 ? population : mutations + crossovers;
    }

    /** Evaluations of one search under one budget when no candidate is short. */
    public int evaluationsPerSearch() {
        return population + (generations - 1) * (mutations + crossovers);
    }
}
