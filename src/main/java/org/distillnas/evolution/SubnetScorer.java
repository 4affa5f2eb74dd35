package org.distillnas.evolution;

import org.distillnas.space.genotype.Subnet;

/**
 * What a search maximises: the accuracy of a subnet (with inherited weights in a real search, any
 * deterministic function in tests). Called from several worker threads at once, so it must be
 * thread-safe, and it must give the same value for the same subnet every time, since the search's
 * results may not depend on which worker scored what, or when.
 */
@FunctionalInterface
public interface SubnetScorer {
    double accuracy(Subnet subnet);
}
