package org.distillnas.evolution;

import java.util.function.ToLongFunction;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;

/**
 * The baseline of an evolutionary search: uniformly random subnets under the same budget, in
 * batches of the same sizes as the evolution's generations, so that both spend the same number of
 * evaluations and can be compared generation by generation. The same rules: no subnet over the
 * budget, none twice, bounded redraws.
 */
public final class RandomSearch extends BudgetedSearch {
    public RandomSearch(SampledSpace space, EvolutionConfig config, ToLongFunction<Subnet> macs, long budgetMacs, long seed) {
        super(space, config, macs, budgetMacs, seed, 2);
    }

    @Override
    public String method() {
        return "random";
    }

    @Override
    protected Subnet candidate(int generation, int slot, int draw) {
        return space.sample(rng);
    }
}
