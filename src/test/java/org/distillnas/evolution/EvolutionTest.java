package org.distillnas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.junit.jupiter.api.Test;

/** Evolution and random search on a fake scorer: the budget rule, dedup, equal effort and determinism. */
class EvolutionTest {
    static final SampledSpace SPACE = SampledSpaces.byName("mbv3-small");
    static final ToLongFunction<Subnet> MACS = FakeScorer.macs(SPACE);
    static final EvolutionConfig SMALL = new EvolutionConfig(12, 4, 6, 6, 0.2, 5);

    /** Everything a run saw, in order: what must not depend on workers or timing. */
    record Seen(String method, long budget, int generation, String subnet, long macs, double accuracy, boolean reused) {}

    static List<Seen> run(List<GenerationalSearch> searches, SubnetScorer scorer, int workers, int generations) {
        List<Seen> seen = new ArrayList<>();
        try (ParallelScorer parallel = new ParallelScorer(scorer, workers)) {
            SearchRunner.run(searches, generations, parallel, new SearchRunner.Listener() {
                @Override
                public void evaluated(GenerationalSearch search, ScoredSubnet s, boolean reused) {
                    seen.add(new Seen(search.method(), search.budgetMacs(), s.generation(), s.subnet().toString(), s.macs(),
                            s.accuracy(), reused));
                }
            });
        }
        return seen;
    }

    static List<GenerationalSearch> searches(EvolutionConfig c, long seed, boolean random, double... budgetsM) {
        List<GenerationalSearch> out = new ArrayList<>();
        for (double b : budgetsM) {
            out.add(new Evolution(SPACE, c, MACS, Math.round(b * 1e6), seed));
        }
        if (random) {
            for (double b : budgetsM) {
                out.add(new RandomSearch(SPACE, c, MACS, Math.round(b * 1e6), seed));
            }
        }
        return out;
    }

    @Test
    void nothingOverItsBudgetIsEverEvaluatedOrReturned() {
        for (long seed = 0; seed < 3; seed++) {
            List<GenerationalSearch> searches = searches(SMALL, seed, true, 1.6, 3, 6, 10);
            FakeScorer scorer = new FakeScorer(SPACE, false);
            List<Seen> seen = run(searches, scorer, 2, SMALL.generations());
            assertThat(seen).isNotEmpty().allSatisfy(s -> {
                assertThat(s.macs()).isLessThanOrEqualTo(s.budget());
                assertThat(s.macs()).isEqualTo(MACS.applyAsLong(Subnet.parse(s.subnet())));
            });
            // the scorer itself never saw anything over the largest budget
            assertThat(scorer.calls.keySet()).allSatisfy(k -> assertThat(MACS.applyAsLong(Subnet.parse(k)))
                    .isLessThanOrEqualTo(10_000_000L));
            for (GenerationalSearch s : searches) {
                assertThat(s.best()).isPresent();
                assertThat(s.best().get().macs()).isLessThanOrEqualTo(s.budgetMacs());
                assertThat(s.history()).allSatisfy(h -> assertThat(h.macs()).isLessThanOrEqualTo(s.budgetMacs()));
            }
        }
    }

    @Test
    void sameSeedGivesTheSameSearchWithOneOrTwoWorkers() {
        List<Seen> one = run(searches(SMALL, 7, true, 3, 6), new FakeScorer(SPACE, true), 1, SMALL.generations());
        List<Seen> two = run(searches(SMALL, 7, true, 3, 6), new FakeScorer(SPACE, true), 2, SMALL.generations());
        List<Seen> again = run(searches(SMALL, 7, true, 3, 6), new FakeScorer(SPACE, true), 2, SMALL.generations());
        assertThat(two).isEqualTo(one);
        assertThat(again).isEqualTo(one);
        List<Seen> other = run(searches(SMALL, 8, true, 3, 6), new FakeScorer(SPACE, false), 2, SMALL.generations());
        assertThat(other).isNotEqualTo(one);
    }

    @Test
    void addingABudgetChangesNothingForTheOthers() {
        List<Seen> alone = run(searches(SMALL, 3, false, 6), new FakeScorer(SPACE, false), 2, SMALL.generations());
        List<Seen> withOthers = run(searches(SMALL, 3, false, 3, 6), new FakeScorer(SPACE, false), 2, SMALL.generations());
        assertThat(withOthers.stream().filter(s -> s.budget() == 6_000_000L)
                .map(s -> s.subnet() + " " + s.accuracy()).toList())
                .isEqualTo(alone.stream().map(s -> s.subnet() + " " + s.accuracy()).toList());
    }

    @Test
    void noSubnetIsEvaluatedTwice() {
        List<GenerationalSearch> searches = searches(SMALL, 1, true, 3, 6, 10);
        FakeScorer scorer = new FakeScorer(SPACE, false);
        List<Seen> seen = run(searches, scorer, 2, SMALL.generations());
        assertThat(scorer.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // within a search no subnet comes twice; across searches the memo answers
        for (GenerationalSearch s : searches) {
            List<String> own = s.history().stream().map(h -> h.subnet().toString()).toList();
            assertThat(new HashSet<>(own)).hasSize(own.size());
        }
        Set<String> distinct = new HashSet<>();
        seen.forEach(s -> assertThat(s.reused()).isEqualTo(!distinct.add(s.subnet())));
        assertThat(scorer.calls).hasSize(distinct.size());
        // every evolution starts from the smallest subnet: scored once, reused by the other budgets
        assertThat(scorer.calls.get(SPACE.smallest().toString()).get()).isEqualTo(1);
    }

    @Test
    void randomSearchSpendsAsManyEvaluationsAsEvolution() {
        List<GenerationalSearch> searches = searches(SMALL, 2, true, 3, 8);
        run(searches, new FakeScorer(SPACE, false), 2, SMALL.generations());
        for (GenerationalSearch s : searches) {
            assertThat(s.history()).hasSize(SMALL.evaluationsPerSearch());
            assertThat(s.shortfall()).isZero();
            for (int g = 0; g < SMALL.generations(); g++) {
                int gen = g;
                assertThat(s.history().stream().filter(h -> h.generation() == gen)).hasSize(SMALL.batchSize(g));
            }
        }
    }

    @Test
    void evolutionImprovesOnItsFirstGenerationAndUsesItsParents() {
        EvolutionConfig c = new EvolutionConfig(16, 4, 8, 8, 0.2, 8);
        Evolution e = new Evolution(SPACE, c, MACS, 4_000_000L, 5);
        run(List.of(e), new FakeScorer(SPACE, false), 2, c.generations());
        double first = e.history().stream().filter(h -> h.generation() == 0).mapToDouble(ScoredSubnet::accuracy).max()
                .orElseThrow();
        assertThat(e.best().orElseThrow().accuracy()).isGreaterThan(first);
        // on this landscape the best subnets sit close under the budget
        assertThat(e.best().orElseThrow().macs()).isGreaterThan(3_000_000L);
    }

    @Test
    void aBudgetThatAdmitsOnlyTheSmallestSubnetEndsWithAShortfallNotAHang() {
        long smallest = MACS.applyAsLong(SPACE.smallest());
        EvolutionConfig c = new EvolutionConfig(4, 2, 2, 2, 0.2, 3);
        List<GenerationalSearch> searches = new ArrayList<>();
        searches.add(new Evolution(SPACE, c, MACS, smallest, 0));
        searches.add(new RandomSearch(SPACE, c, MACS, smallest, 0));
        List<Seen> seen = run(searches, new FakeScorer(SPACE, false), 2, c.generations());
        assertThat(seen).allSatisfy(s -> assertThat(s.subnet()).isEqualTo(SPACE.smallest().toString()));
        assertThat(searches.get(0).history()).hasSize(1);
        assertThat(searches.get(0).shortfall()).isEqualTo(c.evaluationsPerSearch() - 1);
        assertThat(searches.get(0).best().orElseThrow().subnet()).isEqualTo(SPACE.smallest());
    }
}
