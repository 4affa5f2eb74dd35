package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.SpaceSpec.StageSpec;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.util.NoGrad;

/**
 * The supernet of an {@link MbSpace} in either weight-sharing mode: elastic (one
 * {@link InvertedResidual} per layer position at the stage's largest kernel and ratio) or choice
 * (one {@link ChoiceLayer} per position). Stem, last conv, feature layer and classifier are
 * elastic in both. Parameters are named {@code net.stages.2.1.expand.conv.weight} (elastic) and
 * {@code net.stages.2.1.k5e6.expand.conv.weight} (choice).
 */
public final class MbSupernet extends SampledSupernet {
    private final MbSpace space;
    private final WeightSharing sharing;
    private final MbBody net;

    MbSupernet(MbSpace space, WeightSharing sharing, int inChannels, int numClasses, ParamFactory f) {
        this.space = space;
        this.sharing = sharing;
        SpaceSpec spec = space.spec();
        this.net = child("net", new MbBody(spec, space.largest(), inChannels, numClasses, f, (s, p, maxIn, maxOut) -> {
            StageSpec st = spec.stages().get(s);
            return sharing == WeightSharing.CHOICE ? new ChoiceLayer(f, st, p, maxIn, maxOut)
                    : new InvertedResidual(f, maxIn, maxOut, st.maxKernel(), st.maxExpand(), st.stride(p), st.se(),
                            st.activation(), st.hasExpandConv());
        }));
    }

    /** @throws org.distillnas.util.BadInputException if the subnet is not one of the space's */
    @Override
    public NDArray forward(NDArray x, Subnet subnet, boolean training) {
        space.validate(subnet);
        return net.forward(x, subnet, training);
    }

    @Override
    public WeightSharing sharing() {
        return sharing;
    }

    @Override
    public String spaceName() {
        return space.name();
    }

    @Override
    public Map<String, Param> paramsOf(Subnet subnet) {
        Map<String, Param> out = new java.util.LinkedHashMap<>();
        weights().forEach((name, p) -> {
            if (uses(name, subnet)) {
                out.put(name, p);
            }
        });
        return out;
    }

    /** Whether a pass of {@code subnet} reaches the tensor {@code net.stages.S.P[.choice].x}. */
    private boolean uses(String name, Subnet subnet) {
        String[] parts = name.split("\\.", 6);
        if (!parts[1].equals("stages")) {
            return true;
        }
        Subnet.Layer layer = subnet.stages().get(Integer.parseInt(parts[2])).layer(Integer.parseInt(parts[3]));
        return !layer.skip() && (sharing != WeightSharing.CHOICE || parts[4].equals(layer.toString()));
    }

    /**
     * Gives {@code network} this supernet's weights of its subnet: every tensor, BatchNorm running
     * statistics included, is the slice of the supernet's tensor that a forward pass of the subnet
     * through the supernet uses (first channels, centre of the kernel), copied. In evaluation mode
     * the network then computes what the supernet computes for that subnet.
     *
     * @return the number of tensors copied
     */
    public int copyInto(SubnetNetwork network) {
        Subnet subnet = network.subnet();
        Map<String, Param> source = namedParams();
        int copied = 0;
        try (NoGrad ignored = NoGrad.open()) {
            for (Map.Entry<String, Param> e : network.namedParams().entrySet()) {
                String name = sourceName(e.getKey(), subnet);
                Param from = source.get(name);
                if (from == null) {
                    throw new IllegalStateException("no supernet tensor " + name + " for " + e.getKey());
                }
                NDArray to = e.getValue().value();
                NDArray slice = Slices.to(from.value(), to.getShape(), to);
                to.muli(0).addi(slice);
                if (slice != from.value()) {
                    slice.close();
                }
                copied++;
            }
        }
        return copied;
    }

    /** {@code net.stages.2.1.x} of a network is {@code net.stages.2.1.k5e6.x} of a choice supernet. */
    private String sourceName(String name, Subnet subnet) {
        String[] parts = name.split("\\.", 5);
        if (sharing == WeightSharing.CHOICE && parts[1].equals("stages")) {
            Subnet.Layer layer = subnet.stages().get(Integer.parseInt(parts[2])).layer(Integer.parseInt(parts[3]));
            return String.join(".", parts[0], parts[1], parts[2], parts[3], layer.toString(), parts[4]);
        }
        return name;
    }
}
