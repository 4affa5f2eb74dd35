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

    /**
     * The input of a forward pass whose arrays are to live in {@code pass}: a copy of {@code x} in
     * libtorch's memory, attached to {@code pass}. Operations attach their results to their first
     * operand's manager, so the whole pass lands there, and closing it before backward frees every
     * array backward does not need (autograd keeps its own references to the tensors it saved), as
     * PyTorch frees them. A copy, because {@code x} may be a view of a Java buffer, which must not be
     * closed while autograd holds it (the first convolution saves its input).
     */
    public static NDArray passInput(NDArray x, NDManager pass) {
        NDArray copy = x.duplicate();
        copy.attach(pass);
        return copy;
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
    public Map<String, NDArray> stateArrays() {
        return weights.stateArrays();
    }

    @Override
    public JsonNode stateJson() {
        return weights.stateJson();
    }

    @Override
    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        weights.loadState(arrays, json);
    }
}
