package org.distillnas.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.distillnas.supernet.SampledSupernet;

/**
 * What every sampling strategy holds: its name, supernet, subnet sampler and weight update, and the
 * checkpoint state, which is the weight update's alone (the subnets are a function of seed and step).
 */
public abstract class SampledStrategyBase implements SampledStrategy {
    private final String name;
    protected final SampledSupernet supernet;
    protected final SubnetSampler sampler;
    protected final SampledWeights weights;
    /** The manager of the supernet's tensors; each step's arrays live in a sub-manager of it. */
    protected final NDManager manager;

    protected SampledStrategyBase(String name, SampledSupernet supernet, SubnetSampler sampler, SampledWeights weights) {
        this.name = name;
        this.supernet = supernet;
        this.sampler = sampler;
        this.weights = weights;
        this.manager = supernet.weights().values().iterator().next().value().getManager();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SampledSupernet supernet() {
        return supernet;
    }

    @Override
    public final Map<String, NDArray> stateArrays() {
        return weights.stateArrays();
    }

    @Override
    public final JsonNode stateJson() {
        return weights.stateJson();
    }

    @Override
    public final void loadState(Map<String, NDArray> arrays, JsonNode json) {
        weights.loadState(arrays, json);
    }
}
