package org.distillnas.space.mbv3;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.supernet.WeightSharing;

/**
 * A MobileNetV3-style space of inverted-residual blocks, as declared by a {@link SpaceSpec}
 * (built-in ones: {@link org.distillnas.space.SampledSpaces}).
 */
public final class MbSpace implements SampledSpace {
    private final SpaceSpec spec;
    private final SubnetRules rules;
    private final SubnetVariation variation;
    private final Map<List<Integer>, FlopsTable> tables = new ConcurrentHashMap<>();

    public MbSpace(SpaceSpec spec) {
        this.spec = spec;
        this.rules = new SubnetRules(spec);
        this.variation = new SubnetVariation(spec);
    }

    public SpaceSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public List<Integer> resolutions() {
        return spec.resolutions();
    }

    @Override
    public void validate(Subnet subnet) {
        rules.validate(subnet);
    }

    /** Reads a subnet's canonical string and validates it against this space. */
    public Subnet parse(String text) {
        Subnet s = Subnet.parse(text);
        validate(s);
        return s;
    }

    @Override
    public Subnet sample(Random rng) {
        return rules.sample(rng);
    }

    @Override
    public Subnet sample(Random rng, double[] choiceWeights) {
        return rules.sample(rng, choiceWeights);
    }

    @Override
    public Subnet mutate(Subnet parent, double probability, Random rng) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("mutation probability " + probability + " is not in [0, 1]");
        }
        validate(parent);
        return variation.mutate(parent, probability, rng);
    }

    @Override
    public Subnet crossover(Subnet a, Subnet b, Random rng) {
        validate(a);
        validate(b);
        return variation.crossover(a, b, rng);
    }

    @Override
    public int maxLayerChoices() {
        return spec.stages().stream().mapToInt(st -> st.kernels().size() * st.expands().size()).max().orElse(1);
    }

    @Override
    public Subnet largest() {
        return rules.largest();
    }

    @Override
    public Subnet smallest() {
        return rules.smallest();
    }

    @Override
    public MbSupernet supernet(WeightSharing sharing, int inChannels, int numClasses, ParamFactory f) {
        return new MbSupernet(this, sharing, inChannels, numClasses, f);
    }

    @Override
    public SubnetNetwork network(Subnet subnet, int inChannels, int numClasses, ParamFactory f) {
        validate(subnet);
        return new SubnetNetwork(spec, subnet, inChannels, numClasses, f);
    }

    @Override
    public void inherit(SampledSupernet supernet, DiscreteNetwork network) {
        if (!(supernet instanceof MbSupernet mb) || !mb.spaceName().equals(name()) || !(network instanceof SubnetNetwork n)) {
            throw new IllegalArgumentException("not a supernet and network of space " + name());
        }
        mb.copyInto(n);
    }

    /**
     * The choice index of a layer in a choice supernet: kernel-major over the stage's kernels x
     * expand ratios ({3,5,7} x {4,6}: k3e4 = 0, k3e6 = 1, k5e4 = 2, ..., k7e6 = 5), -1 for a skip.
     */
    public int choiceIndex(int stage, Subnet.Layer layer) {
        if (layer.skip()) {
            return -1;
        }
        SpaceSpec.StageSpec st = spec.stages().get(stage);
        return st.kernels().indexOf(layer.kernel()) * st.expands().size() + st.expands().indexOf(layer.expand());
    }

    @Override
    public FlopsTable flopsTable(int resolution, int inChannels, int numClasses) {
        if (!spec.resolutions().contains(resolution)) {
            throw new IllegalArgumentException("resolution " + resolution + " is not one of " + spec.resolutions());
        }
        return tables.computeIfAbsent(List.of(resolution, inChannels, numClasses),
                k -> new FlopsTable(spec, resolution, inChannels, numClasses));
    }
}
