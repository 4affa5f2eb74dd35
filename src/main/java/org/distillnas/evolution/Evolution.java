package org.distillnas.evolution;

import java.util.List;
import java.util.function.ToLongFunction;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;

/**
 * Evolutionary search under one FLOPs budget. Generation 0 is the smallest subnet and random
 * subnets under the budget; every later generation breeds {@code mutations} children by mutating
 * a parent and {@code crossovers} children by crossing two, the parents drawn uniformly from the
 * best {@code parents} subnets evaluated so far. The variation operators are the space's
 * ({@link SampledSpace#mutate}, {@link SampledSpace#crossover}), so every child is valid; a child
 * over the budget or already evaluated is redrawn (new parents, new variation) up to
 * {@link BudgetedSearch#MAX_DRAWS} times.
 */
public final class Evolution extends BudgetedSearch {
    private List<ScoredSubnet> parents = List.of();
    private int parentsOf = -1;

    public Evolution(SampledSpace space, EvolutionConfig config, ToLongFunction<Subnet> macs, long budgetMacs, long seed) {
        super(space, config, macs, budgetMacs, seed, 1);
    }

    @Override
    public String method() {
        return "evolution";
    }

    @Override
    protected Subnet candidate(int generation, int slot, int draw) {
        if (generation == 0) {
            // AlphaNet seeds its population with the smallest subnet; it also guarantees one
            // subnet under any budget the search accepts
            return slot == 0 && draw == 0 ? space.smallest() : space.sample(rng);
        }
        if (parentsOf != generation) {
            parents = top(config.parents());
            parentsOf = generation;
        }
        if (parents.isEmpty()) {
            // nothing scored yet (every slot of generation 0 fell short): keep sampling
            return space.sample(rng);
        }
        if (slot < config.mutations()) {
            return space.mutate(parent(), config.mutationProbability(), rng);
        }
        return space.crossover(parent(), parent(), rng);
    }

    private Subnet parent() {
        return parents.get(rng.nextInt(parents.size())).subnet();
    }
}
