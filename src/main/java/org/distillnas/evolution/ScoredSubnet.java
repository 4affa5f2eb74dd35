package org.distillnas.evolution;

import java.util.Comparator;
import org.distillnas.space.genotype.Subnet;

/**
 * A subnet a search evaluated: its cost, its score and the generation that proposed it.
 *
 * @param macs multiply-adds of one image (the space's lookup table)
 */
public record ScoredSubnet(Subnet subnet, long macs, double accuracy, int generation) {
    /**
     * Best first: higher accuracy, then fewer MACs, then the canonical string, so that ties are
     * broken the same way on every run and the order never depends on arrival.
     */
    public static final Comparator<ScoredSubnet> BEST_FIRST = Comparator.comparingDouble(ScoredSubnet::accuracy)
            .reversed().thenComparingLong(ScoredSubnet::macs).thenComparing(s -> s.subnet().toString());
}
