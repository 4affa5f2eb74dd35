package org.distillnas.run;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.distillnas.eval.SubnetEvaluation;
import org.distillnas.evolution.SubnetScorer;
import org.distillnas.space.genotype.Subnet;

/**
 * The real score of an evolutionary search: a subnet's validation accuracy with the supernet's
 * weights, BatchNorm recalibrated ({@link SubnetEvaluation}, which works on an extracted copy and
 * so may run on several threads at once). Keeps the parameter count of every network it built,
 * for the reports.
 */
final class InheritedWeightScorer implements SubnetScorer {
    private final SubnetEvaluation evaluation;
    private final NDManager manager;
    private final Map<String, Long> parameters = new ConcurrentHashMap<>();

    InheritedWeightScorer(SubnetEvaluation evaluation, NDManager manager) {
        this.evaluation = evaluation;
        this.manager = manager;
    }

    @Override
    public double accuracy(Subnet subnet) {
        SubnetEvaluation.Scored s = evaluation.score(subnet, manager);
        parameters.put(subnet.toString(), s.parameters());
        return s.result().accuracy();
    }

    /** Parameters of the stand-alone network of a subnet this scorer evaluated, or null. */
    Long parameters(Subnet subnet) {
        return parameters.get(subnet.toString());
    }
}
