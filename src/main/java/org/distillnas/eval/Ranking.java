package org.distillnas.eval;

import java.util.Arrays;
import java.util.Comparator;
import org.distillnas.util.BadInputException;

/**
 * Rank correlation between two score vectors over the same items, e.g. the supernet's estimate of
 * a set of architectures against their accuracy when trained alone. Only the order of the scores
 * matters, not their scale, which is what a search needs from a proxy.
 *
 * <p>Both statistics handle ties the way scipy's {@code kendalltau} (variant b, its default) and
 * {@code spearmanr} do: tied pairs count as neither agreeing nor disagreeing, and tied values share
 * the mean of the ranks they span.
 */
public final class Ranking {
    private Ranking() {}

    /**
     * Kendall's tau-b, corrected for ties:
     *
     * <pre>
     *   tau_b = (C - D) / sqrt((n0 - n1) (n0 - n2))
     *   n0 = n (n - 1) / 2
     *   n1 = sum over groups of t equal values in a of t (t - 1) / 2,  n2 likewise in b
     * </pre>
     *
     * where C counts the pairs {@code i < j} ordered the same way in both vectors, D those ordered
     * oppositely, and pairs tied in a or in b count in neither. O(n^2) time.
     *
     * @return tau-b in [-1, 1], or NaN when a or b is constant (every pair is tied, so no order
     *     exists to agree with)
     * @throws BadInputException if the lengths differ, are below 2, or a value is NaN
     */
    public static double kendallTau(double[] a, double[] b) {
        check(a, b);
        int n = a.length;
        long concordant = 0;
        long discordant = 0;
        long tiedA = 0;
        long tiedB = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int sa = sign(a[i], a[j]);
                int sb = sign(b[i], b[j]);
                // Counting tied pairs one by one equals summing t(t-1)/2 over tie groups: a group of
                // t equal values contains exactly t(t-1)/2 pairs.
                if (sa == 0) {
                    tiedA++;
                }
                if (sb == 0) {
                    tiedB++;
                }
                if (sa != 0 && sb != 0) {
                    if (sa == sb) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        long pairs = (long) n * (n - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiedA) * (double) (pairs - tiedB));
        if (denominator == 0) {
            return Double.NaN;
        }
        return (concordant - discordant) / denominator;
    }

    /**
     * Spearman's rho: the Pearson correlation of the average ranks,
     *
     * <pre>
     *   rho = sum_i (r_i - m)(s_i - m) / sqrt(sum_i (r_i - m)^2 * sum_i (s_i - m)^2),  m = (n + 1) / 2
     * </pre>
     *
     * with r = {@link #averageRanks}(a) and s = averageRanks(b). Without ties this equals the
     * textbook {@code 1 - 6 sum d_i^2 / (n (n^2 - 1))}; with ties only the Pearson form is right.
     *
     * @return rho in [-1, 1], or NaN when a or b is constant (its ranks have no variance)
     * @throws BadInputException if the lengths differ, are below 2, or a value is NaN
     */
    public static double spearmanRho(double[] a, double[] b) {
        check(a, b);
        double[] r = averageRanks(a);
        double[] s = averageRanks(b);
        // Average ranks always sum to n(n+1)/2, ties or not, so their mean is exactly (n+1)/2; using
        // it instead of a computed mean keeps a constant vector's deviations exactly zero.
        double mean = (a.length + 1) / 2.0;
        double cov = 0;
        double varR = 0;
        double varS = 0;
        for (int i = 0; i < r.length; i++) {
            double dr = r[i] - mean;
            double ds = s[i] - mean;
            cov += dr * ds;
            varR += dr * dr;
            varS += ds * ds;
        }
        if (varR == 0 || varS == 0) {
            return Double.NaN;
        }
        return cov / Math.sqrt(varR * varS);
    }

    /**
     * The 1-based rank of each value, ties sharing the mean of the ranks they span: a group of equal
     * values occupying sorted positions {@code lo..hi} (1-based) all get {@code (lo + hi) / 2}.
     * For example {10, 20, 20, 5} has ranks {2, 3.5, 3.5, 1}.
     *
     * @throws BadInputException if a value is NaN (it has no place in an order)
     */
    public static double[] averageRanks(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new BadInputException("value " + i + " of a score vector is NaN: ranks need comparable values");
            }
        }
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] ranks = new double[v.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            // == rather than Double.compare: -0.0 and 0.0 are the same score, and the sort has put
            // them next to each other, so they form one tie group.
            while (end + 1 < order.length && v[order[end + 1]] == v[order[start]]) {
                end++;
            }
            double rank = (start + 1 + end + 1) / 2.0;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    /** -1, 0 or 1 as x is below, equal to or above y; unlike Double.compare, -0.0 equals 0.0. */
    private static int sign(double x, double y) {
        return x < y ? -1 : x > y ? 1 : 0;
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new BadInputException("score vectors differ in length: " + a.length + " and " + b.length);
        }
        if (a.length < 2) {
            throw new BadInputException("score vectors have length " + a.length + ": a correlation needs at least 2 items");
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                throw new BadInputException("score " + i + " is NaN: ranks need comparable values");
            }
        }
    }
}
