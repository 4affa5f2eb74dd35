package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.distillnas.nn.CostMeter;
import org.distillnas.util.NoGrad;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.SpaceSpec.StageSpec;
import org.distillnas.supernet.DiscreteNetwork;

/**
 * The stand-alone network of one subnet: every layer built at exactly the subnet's sizes (no
 * slicing at run time), skipped layers absent. Parameter names are those of the supernet's body
 * ({@code net.stages.2.1.depthwise.conv.weight}, layer positions kept), so that
 * {@link MbSupernet#copyInto} can find each tensor's source.
 */
public final class SubnetNetwork extends DiscreteNetwork {
    private final Subnet subnet;
    private final MbBody body;

    SubnetNetwork(SpaceSpec spec, Subnet subnet, int inChannels, int numClasses, ParamFactory f) {
        this.subnet = subnet;
        this.body = child("net", new MbBody(spec, subnet, inChannels, numClasses, f, (s, p, in, out) -> {
            Subnet.Layer layer = subnet.stages().get(s).layer(p);
            StageSpec st = spec.stages().get(s);
            return layer.skip() ? null : new InvertedResidual(f, in, out, layer.kernel(), layer.expand(), st.stride(p),
                    st.se(), st.activation(), st.hasExpandConv());
        }));
    }

    public Subnet subnet() {
        return subnet;
    }

    @Override
    public Genotype genotype() {
        return subnet;
    }

    /**
     * MACs of one image, counted on a forward pass of an <em>empty</em> batch (N = 0): every
     * layer runs and reports its per-image cost from its output's shape, but no arithmetic is
     * done, which matters for the paper-size spaces (a 224-pixel pass takes seconds on a CPU).
     */
    @Override
    public long macs(NDManager manager, int channels, int height, int width) {
        try (NDManager m = manager.newSubManager(); NoGrad ignored = NoGrad.open(); CostMeter meter = CostMeter.open()) {
            DataType type = namedParams().values().iterator().next().value().getDataType();
            forward(m.zeros(new Shape(0, channels, height, width), type), false);
            return meter.macs();
        }
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        return body.forward(x, subnet, training);
    }
}
