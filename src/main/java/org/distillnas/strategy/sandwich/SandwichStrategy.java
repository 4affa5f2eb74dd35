package org.distillnas.strategy.sandwich;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.nn.Param;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.strategy.SampledStrategyBase;
import org.distillnas.strategy.SampledWeights;
import org.distillnas.strategy.SubnetSampler;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.train.Losses;

/**
 * The sandwich rule (BigNAS, Yu et al. 2020; AttentiveNAS; AlphaNet): every step trains the
 * largest subnet, N random ones and the smallest on the same batch, gradients of all accumulated
 * into one optimizer step. Each subnet runs forward and backward on its own before the next starts,
 * so memory is that of one subnet, not of N + 2.
 *
 * <p>Without distillation every subnet learns from the labels; {@link SandwichLoss} lets a method
 * make the others learn from the largest subnet's detached output instead (in-place distillation).
 */
public final class SandwichStrategy extends SampledStrategyBase {
    private final int randomSubnets;
    private final SandwichLoss loss;

    public SandwichStrategy(String name, SampledSupernet supernet, SubnetSampler sampler, SampledWeights weights,
            int randomSubnets, SandwichLoss loss) {
        super(name, supernet, sampler, weights);
        this.randomSubnets = randomSubnets;
        this.loss = loss;
    }

    /** The subnets of step {@code globalStep}, in training order: largest, random ones, smallest. */
    public List<Subnet> subnets(long globalStep) {
        List<Subnet> out = new ArrayList<>();
        out.add(sampler.space().largest());
        for (int k = 1; k <= randomSubnets; k++) {
            out.add(sampler.draw(globalStep, k));
        }
        out.add(sampler.space().smallest());
        return out;
    }

    @Override
    public StepResult step(Batch train, StepContext ctx) {
        List<Subnet> subnets = subnets(ctx.globalStep());
        Map<String, Param> used = new LinkedHashMap<>();
        double largestLoss = Double.NaN;
        long largestCorrect = 0;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = train.x(m);
            NDArray y = train.y(m);
            NDArray teacher = null;
            for (int i = 0; i < subnets.size(); i++) {
                Subnet s = subnets.get(i);
                used.putAll(supernet.paramsOf(s));
                // each subnet's graph is freed by its own scope before the next one is built, and its
                // forward pass's arrays before its backward (SampledStrategyBase.passInput says why)
                try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l;
                    try (NDManager pass = m.newSubManager()) {
                        NDArray logits = supernet.forward(passInput(x, pass), s, true);
                        l = loss.loss(i == 0, logits, y, teacher);
                        l.attach(m);
                        if (i == 0) {
                            largestCorrect = Losses.correct(logits, y);
                            teacher = logits.stopGradient();
                            NDScope.unregister(teacher);
                            teacher.attach(m);
                        }
                    }
                    gc.backward(l);
                    if (i == 0) {
                        largestLoss = Losses.scalar(l);
                    }
                }
            }
        }
        weights.step(used, ctx.weightLr());
        return new StepResult(largestLoss, largestCorrect, train.size(), Double.NaN, 0, 0);
    }
}
