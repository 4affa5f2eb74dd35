package org.distillnas.evolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The accuracy-cost trade-off over everything a search evaluated: the best subnet per FLOPs
 * bucket (AlphaNet keeps one per 10-MFLOPs step of its range) and the non-dominated front (no
 * other subnet is at least as accurate with at most the MACs, and better in one of the two).
 *
 * <p>Bucket {@code b} holds the subnets with {@code (b - 1) w < MACs <= b w} for the bucket width
 * {@code w}, and is named by its upper edge {@code b w}, so "the best of a bucket" is "the best
 * under that many MACs and over the previous edge", the same rule as a budget.
 */
public final class ParetoFront {
    /** The best subnet of one bucket. */
    public record Bucket(long upperMacs, ScoredSubnet best) {}

    private final long bucketMacs;
    // by canonical string: a subnet scored by two searches is one point
    private final Map<String, ScoredSubnet> points = new LinkedHashMap<>();

    /** @param bucketMacs bucket width in multiply-adds */
    public ParetoFront(long bucketMacs) {
        if (bucketMacs < 1) {
            throw new IllegalArgumentException("bucket width " + bucketMacs + " MACs: expected at least 1");
        }
        this.bucketMacs = bucketMacs;
    }

    /**
     * A round bucket width: a fiftieth of the span between the smallest and the largest subnet,
     * rounded up to 1, 2 or 5 times a power of ten MACs, so 20 to 50 buckets (mbv3-small: 0.5 M).
     * AlphaNet's 10-MFLOPs step over its 200-1200 M range gives 100; a few dozen are enough to draw
     * a front and keep the CSV short.
     */
    public static long defaultBucket(long smallestMacs, long largestMacs) {
        double raw = Math.max(1, (largestMacs - smallestMacs) / 50.0);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return Math.max(1, Math.round(m * power));
            }
        }
        return Math.round(10 * power);
    }

    public long bucketMacs() {
        return bucketMacs;
    }

    public void add(ScoredSubnet s) {
        points.putIfAbsent(s.subnet().toString(), s);
    }

    /** Every distinct subnet added, in the order first added. */
    public List<ScoredSubnet> all() {
        return List.copyOf(points.values());
    }

    /** The best subnet of every non-empty bucket, by increasing MACs. */
    public List<Bucket> buckets() {
        TreeMap<Long, ScoredSubnet> best = new TreeMap<>();
        for (ScoredSubnet s : points.values()) {
            long upper = Math.max(1, ceilDiv(s.macs(), bucketMacs)) * bucketMacs;
            best.merge(upper, s, (a, b) -> ScoredSubnet.BEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        List<Bucket> out = new ArrayList<>();
        best.forEach((upper, s) -> out.add(new Bucket(upper, s)));
        return out;
    }

    /** The non-dominated subnets, by increasing MACs (and so increasing accuracy). */
    public List<ScoredSubnet> nonDominated() {
        return nonDominated(points.values());
    }

    /** The best subnet with at most {@code budgetMacs} MACs, if any. */
    public Optional<ScoredSubnet> bestUnder(long budgetMacs) {
        return points.values().stream().filter(s -> s.macs() <= budgetMacs).min(ScoredSubnet.BEST_FIRST);
    }

    /**
     * The non-dominated points of {@code scored}: sorted by MACs (ties: most accurate first), a
     * point is kept when it is strictly more accurate than every cheaper-or-equal point before it.
     * Of exact duplicates in (MACs, accuracy) the first by canonical string is kept.
     */
    public static List<ScoredSubnet> nonDominated(Collection<ScoredSubnet> scored) {
        List<ScoredSubnet> sorted = new ArrayList<>(scored);
        sorted.sort(Comparator.comparingLong(ScoredSubnet::macs).thenComparing(ScoredSubnet.BEST_FIRST));
        List<ScoredSubnet> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (ScoredSubnet s : sorted) {
            if (s.accuracy() > best) {
                front.add(s);
                best = s.accuracy();
            }
        }
        return front;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
