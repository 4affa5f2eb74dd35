package org.distillnas.evolution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.distillnas.data.SeedMix;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;

/**
 * What evolution and random search share: a generator of their own, seeded from (seed, method,
 * budget) so that adding a budget to a search changes nothing for the others; the budget rule; the
 * deduplication by canonical string; and the bounded redraws that refill a rejected candidate.
 */
public abstract class BudgetedSearch implements GenerationalSearch {
    /**
     * Draws per candidate before it is given up (a shortfall). Each draw is a table lookup and a
     * few random numbers, so even a search that gives up often stays fast.
     */
    public static final int MAX_DRAWS = 2_000;

    protected final SampledSpace space;
    protected final EvolutionConfig config;
    protected final Random rng;
    private final ToLongFunction<Subnet> macs;
    private final long budgetMacs;
    private final Set<String> seen = new HashSet<>();
    private final List<ScoredSubnet> history = new ArrayList<>();
    private List<Subnet> pending = List.of();
    private int pendingGeneration;
    private int shortfall;

    /**
     * @param methodStream distinguishes the generators of the methods searching the same budget
     * @param macs multiply-adds of a subnet (the space's lookup table)
     */
    BudgetedSearch(SampledSpace space, EvolutionConfig config, ToLongFunction<Subnet> macs, long budgetMacs, long seed,
            long methodStream) {
        this.space = space;
        this.config = config;
        this.macs = macs;
        this.budgetMacs = budgetMacs;
        this.rng = new Random(SeedMix.mix(seed, methodStream, budgetMacs));
    }

    /** A candidate for slot {@code slot} of generation {@code generation}; {@code draw} counts the redraws of that slot. */
    protected abstract Subnet candidate(int generation, int slot, int draw);

    @Override
    public long budgetMacs() {
        return budgetMacs;
    }

    @Override
    public List<Subnet> propose(int generation) {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("generation " + pendingGeneration + " proposed but not observed");
        }
        List<Subnet> batch = new ArrayList<>();
        int wanted = config.batchSize(generation);
        for (int slot = 0; slot < wanted; slot++) {
            Subnet accepted = null;
            for (int draw = 0; draw < MAX_DRAWS && accepted == null; draw++) {
                Subnet s = candidate(generation, slot, draw);
                if (macs.applyAsLong(s) <= budgetMacs && seen.add(s.toString())) {
                    accepted = s;
                }
            }
            if (accepted == null) {
                shortfall++;
            } else {
                batch.add(accepted);
            }
        }
        pending = List.copyOf(batch);
        pendingGeneration = generation;
        return pending;
    }

    @Override
    public void observe(List<ScoredSubnet> scored) {
        if (scored.size() != pending.size()) {
            throw new IllegalStateException(scored.size() + " scores for " + pending.size() + " proposed subnets");
        }
        for (int i = 0; i < scored.size(); i++) {
            if (!scored.get(i).subnet().equals(pending.get(i))) {
                throw new IllegalStateException("score " + i + " is for " + scored.get(i).subnet() + ", not " + pending.get(i));
            }
        }
        history.addAll(scored);
        pending = List.of();
    }

    @Override
    public List<ScoredSubnet> history() {
        return List.copyOf(history);
    }

    @Override
    public int shortfall() {
        return shortfall;
    }

    @Override
    public long macs(Subnet subnet) {
        return macs.applyAsLong(subnet);
    }

    /** The best {@code k} scored so far, best first. */
    protected List<ScoredSubnet> top(int k) {
        return history.stream().sorted(ScoredSubnet.BEST_FIRST).limit(k).toList();
    }
}
