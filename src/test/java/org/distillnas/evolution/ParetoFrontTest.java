package org.distillnas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.junit.jupiter.api.Test;

/** The bucketed best and the non-dominated front on a hand-made set of points. */
class ParetoFrontTest {
    private static final SampledSpace SPACE = SampledSpaces.byName("mbv3-small");

    /** Distinct subnets with made-up costs: the front only reads the recorded MACs. */
    private static List<ScoredSubnet> points(double[][] macsMAndAccuracy) {
        Random rng = new Random(0);
        List<ScoredSubnet> out = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (double[] p : macsMAndAccuracy) {
            Subnet s;
            do {
                s = SPACE.sample(rng);
            } while (used.contains(s.toString()));
            used.add(s.toString());
            out.add(new ScoredSubnet(s, Math.round(p[0] * 1e6), p[1], 0));
        }
        return out;
    }

    @Test
    void keepsTheNonDominatedPointsAndTheBestPerBucket() {
        // G, A, B (dominated by A), C, D (same cost as C, worse), E (as good as C, dearer), F
        List<ScoredSubnet> p = points(new double[][] {{0.9, 0.40}, {1.0, 0.50}, {1.2, 0.48}, {2.0, 0.60}, {2.0, 0.55},
            {2.4, 0.60}, {3.0, 0.70}});
        ParetoFront front = new ParetoFront(500_000);
        // in a shuffled order, and one point twice (scored by two searches): one point
        for (int i : new int[] {4, 6, 0, 2, 5, 1, 3, 1}) {
            front.add(p.get(i));
        }
        assertThat(front.all()).hasSize(7);
        assertThat(front.nonDominated()).containsExactly(p.get(0), p.get(1), p.get(3), p.get(6));
        assertThat(front.buckets()).containsExactly(
                new ParetoFront.Bucket(1_000_000, p.get(1)), // G and A share (0.5, 1.0]
                new ParetoFront.Bucket(1_500_000, p.get(2)),
                new ParetoFront.Bucket(2_000_000, p.get(3)),
                new ParetoFront.Bucket(2_500_000, p.get(5)),
                new ParetoFront.Bucket(3_000_000, p.get(6)));
        assertThat(front.bestUnder(2_300_000)).contains(p.get(3));
        assertThat(front.bestUnder(950_000)).contains(p.get(0));
        assertThat(front.bestUnder(10_000_000)).contains(p.get(6));
        assertThat(front.bestUnder(500_000)).isEmpty();
    }

    @Test
    void tiesInCostAndAccuracyKeepOnePointDecidedByTheSubnetNotTheOrder() {
        List<ScoredSubnet> p = points(new double[][] {{1.0, 0.5}, {1.0, 0.5}});
        List<ScoredSubnet> ab = ParetoFront.nonDominated(List.of(p.get(0), p.get(1)));
        List<ScoredSubnet> ba = ParetoFront.nonDominated(List.of(p.get(1), p.get(0)));
        assertThat(ab).hasSize(1).isEqualTo(ba);
    }

    @Test
    void theDefaultBucketIsARoundFiftiethOfTheRange() {
        assertThat(ParetoFront.defaultBucket(1_410_784, 15_683_328)).isEqualTo(500_000);
        assertThat(ParetoFront.defaultBucket(200_000_000, 1_200_000_000)).isEqualTo(20_000_000);
        assertThat(ParetoFront.defaultBucket(100, 100)).isEqualTo(1);
    }
}
