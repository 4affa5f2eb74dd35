package org.distillnas.evolution;

import java.util.List;
import java.util.Optional;
import org.distillnas.space.genotype.Subnet;

/**
 * A search under one FLOPs budget that proceeds in generations: it proposes a batch of subnets,
 * is told their scores, and proposes the next batch. Proposing happens on one thread and draws
 * from the search's own generator, and scores come back in proposal order, so a search's course is
 * a function of its seed and the scores alone ({@link SearchRunner} does the scoring).
 */
public interface GenerationalSearch {
    /** "evolution" or "random", as the output files name the method. */
    String method();

    /** The largest MACs a proposed subnet may have. */
    long budgetMacs();

    /** Multiply-adds of {@code subnet} as the budget rule counts them. */
    long macs(Subnet subnet);

    /**
     * The subnets to score in generation {@code generation} (0-based): distinct, none proposed
     * before by this search, none over the budget. May be fewer than asked for when the bounded
     * redraws run out (a very tight budget).
     */
    List<Subnet> propose(int generation);

    /** The scores of the last proposal, in its order. */
    void observe(List<ScoredSubnet> scored);

    /** Everything scored so far, in proposal order. */
    List<ScoredSubnet> history();

    /** The best subnet scored so far (never over the budget), empty before any score. */
    default Optional<ScoredSubnet> best() {
        return history().stream().min(ScoredSubnet.BEST_FIRST);
    }

    /** Candidates that the bounded redraws failed to find, over all generations so far. */
    int shortfall();
}
