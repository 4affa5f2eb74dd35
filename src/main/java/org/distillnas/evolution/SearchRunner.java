package org.distillnas.evolution;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.space.genotype.Subnet;

/**
 * Runs several searches (budgets, methods) in lockstep, generation by generation: every search
 * proposes its batch, the batches are scored together (in parallel, memoized), and the scores go
 * back to each search in proposal order. Scoring all searches' candidates of a generation at once
 * keeps every worker busy, and a subnet proposed under two budgets is evaluated once.
 */
public final class SearchRunner {
    /** Told about every scored candidate, in proposal order, and about the end of each generation. */
    public interface Listener {
        default void evaluated(GenerationalSearch search, ScoredSubnet scored, boolean reused) {}

        default void generationDone(int generation, List<? extends GenerationalSearch> searches) {}
    }

    private SearchRunner() {}

    public static void run(List<? extends GenerationalSearch> searches, int generations, ParallelScorer scorer,
            Listener listener) {
        for (int g = 0; g < generations; g++) {
            List<List<Subnet>> proposals = new ArrayList<>();
            List<Subnet> batch = new ArrayList<>();
            for (GenerationalSearch search : searches) {
                List<Subnet> p = search.propose(g);
                for (Subnet s : p) {
                    // the searches' own rule, checked once more where it matters: nothing over
                    // budget is ever evaluated
                    if (search.macs(s) > search.budgetMacs()) {
                        throw new IllegalStateException(search.method() + " proposed " + s + " with " + search.macs(s)
                                + " MACs over its budget " + search.budgetMacs());
                    }
                }
                proposals.add(p);
                batch.addAll(p);
            }
            List<ParallelScorer.Score> scores = scorer.score(batch);
            int next = 0;
            for (int i = 0; i < searches.size(); i++) {
                GenerationalSearch search = searches.get(i);
                List<ScoredSubnet> scored = new ArrayList<>();
                for (Subnet s : proposals.get(i)) {
                    ParallelScorer.Score score = scores.get(next++);
                    ScoredSubnet ss = new ScoredSubnet(s, search.macs(s), score.accuracy(), g);
                    scored.add(ss);
                    listener.evaluated(search, ss, score.reused());
                }
                search.observe(scored);
            }
            listener.generationDone(g, searches);
        }
    }
}
