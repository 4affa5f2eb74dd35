/**
 * Search after training: evolution and random search over a sampling space's subnets under FLOPs
 * budgets, the scoring of their candidates on a worker pool (memoized, in proposal order), and the
 * Pareto front of what was evaluated. Nothing here touches the engine: the score of a subnet is a
 * {@link org.distillnas.evolution.SubnetScorer}, which {@code run.EvolveRun} backs with inherited
 * weights and tests with a fake.
 */
package org.distillnas.evolution;
