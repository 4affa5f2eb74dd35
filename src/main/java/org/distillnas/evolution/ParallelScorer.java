package org.distillnas.evolution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;

/**
 * Scores batches of subnets on a fixed pool of worker threads, each distinct subnet once (scores
 * are memoized by canonical string, across batches and across the searches that share this
 * scorer). A batch's new subnets are all submitted first, then their results are collected in
 * submission order, so what the caller sees depends neither on the number of workers nor on which
 * evaluation finishes first.
 */
public final class ParallelScorer implements AutoCloseable {
    /** A subnet's score, and whether it came from the memo rather than from an evaluation. */
    public record Score(double accuracy, boolean reused) {}

    /** Told of every score computed here (not of the known ones), in submission order. */
    public interface Listener {
        void scored(String subnet, double accuracy);
    }

    private final SubnetScorer scorer;
    private final ExecutorService pool;
    private final Map<String, Double> known;
    private final Listener listener;
    // only touched by the thread that calls score(): the workers see nothing but their subnet
    private final Map<String, Double> memo = new HashMap<>();
    private int evaluations;

    public ParallelScorer(SubnetScorer scorer, int workers) {
        this(scorer, workers, Map.of(), (subnet, accuracy) -> {});
    }

    /**
     * @param known scores computed by an earlier invocation of the same search (by canonical
     *     string): they count as evaluations when first asked for, as if computed again, so a
     *     resumed search replays to exactly what an uninterrupted one does
     * @param listener told of each newly computed score, e.g. to log it for a later resume
     */
    public ParallelScorer(SubnetScorer scorer, int workers, Map<String, Double> known, Listener listener) {
        if (workers < 1) {
            throw new BadInputException("--workers " + workers + ": expected at least 1");
        }
        this.scorer = scorer;
        this.known = Map.copyOf(known);
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "evaluation-worker-" + n.incrementAndGet());
            // a failed search must not be kept alive by idle workers
            t.setDaemon(true);
            return t;
        });
    }

    /** The scores of {@code subnets}, in their order. */
    public List<Score> score(List<Subnet> subnets) {
        Map<String, Future<Double>> fresh = new LinkedHashMap<>();
        for (Subnet s : subnets) {
            String key = s.toString();
            if (!memo.containsKey(key) && !fresh.containsKey(key)) {
                Double earlier = known.get(key);
                fresh.put(key, earlier != null ? CompletableFuture.completedFuture(earlier) : pool.submit(() -> scorer.accuracy(s)));
            }
        }
        try {
            for (Map.Entry<String, Future<Double>> e : fresh.entrySet()) {
                double accuracy = await(e.getValue());
                memo.put(e.getKey(), accuracy);
                evaluations++;
                if (!known.containsKey(e.getKey())) {
                    listener.scored(e.getKey(), accuracy);
                }
            }
        } finally {
            fresh.values().forEach(f -> f.cancel(true));
        }
        List<Score> scores = new ArrayList<>();
        Set<String> firstSeen = new HashSet<>();
        for (Subnet s : subnets) {
            String key = s.toString();
            // the first occurrence of a subnet evaluated in this batch is the evaluation itself
            scores.add(new Score(memo.get(key), !(fresh.containsKey(key) && firstSeen.add(key))));
        }
        return scores;
    }

    /** Subnets actually evaluated (memo misses) so far. */
    public int evaluations() {
        return evaluations;
    }

    private static double await(Future<Double> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an evaluation", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("evaluation failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
