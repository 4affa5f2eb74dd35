package org.distillnas.strategy.spos;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
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
 * Single-path one-shot training (SPOS, Guo et al. 2020): every step draws one subnet (uniformly,
 * or by pre-set choice probabilities, optionally inside a FLOPs window) and trains only that path
 * on the batch's cross-entropy.
 */
public final class SposStrategy extends SampledStrategyBase {
    public SposStrategy(String name, SampledSupernet supernet, SubnetSampler sampler, SampledWeights weights) {
        super(name, supernet, sampler, weights);
    }

    /** The path step {@code globalStep} trains. */
    public Subnet path(long globalStep) {
        return sampler.draw(globalStep, 0);
    }

    @Override
    public StepResult step(Batch train, StepContext ctx) {
        Subnet path = path(ctx.globalStep());
        Map<String, Param> used = supernet.paramsOf(path);
        double loss;
        long correct;
        try (NDManager m = manager.newSubManager();
                NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = train.x(m);
            NDArray y = train.y(m);
            NDArray l;
            try (NDManager pass = m.newSubManager()) {
                NDArray logits = supernet.forward(SampledStrategyBase.passInput(x, pass), path, true);
                correct = Losses.correct(logits, y);
                l = Losses.crossEntropy(logits, y);
                l.attach(m);
            }
            // the pass's arrays are closed: backward frees each saved tensor once used, as in PyTorch
            gc.backward(l);
            loss = Losses.scalar(l);
        }
        weights.step(used, ctx.weightLr());
        return new StepResult(loss, correct, train.size(), Double.NaN, 0, 0);
    }
}
