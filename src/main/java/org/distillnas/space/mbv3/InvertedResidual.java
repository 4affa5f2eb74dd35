package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Subnet;

/**
 * MobileNetV2/V3's inverted-residual block, elastic up to the sizes it was built with:
 *
 * <pre>
 *   h = act(BN(conv1x1(x)))          expand c_in -> m = c_in * e   (absent when the stage's only ratio is 1: m = c_in)
 *   h = act(BN(dwconv_kxk(h)))       depthwise, stride s
 *   h = SE(h)                        optional, {@link SqueezeExcite}
 *   y = BN(conv1x1(h))               project m -> c_out, no activation
 *   y = y + x                        when s = 1 and c_in = c_out
 * </pre>
 *
 * MACs on an h x h input with output h' x h' (h' = (h - 1) / s + 1):
 * {@code h^2 m c_in + h'^2 m k^2 + 2 m r + h'^2 c_out m} (r = max(1, m / 4), SE only).
 * A smaller kernel runs the centre of the largest, a smaller ratio or width the first channels.
 */
final class InvertedResidual extends SearchLayer {
    private final ConvBn expand;
    private final ConvBn depthwise;
    private final SqueezeExcite se;
    private final ConvBn project;
    private final int stride;
    private final Activation act;

    /**
     * @param maxIn largest input channels, maxOut largest output channels, maxKernel and
     *     maxExpand the largest kernel and ratio this block's weights must hold
     * @param hasExpand false for a stage whose only expand ratio is 1
     */
    InvertedResidual(ParamFactory f, int maxIn, int maxOut, int maxKernel, int maxExpand, int stride, boolean se,
            Activation act, boolean hasExpand) {
        int hidden = hasExpand ? maxIn * maxExpand : maxIn;
        this.expand = hasExpand ? child("expand", new ConvBn(f, maxIn, hidden, 1, 1, false)) : null;
        this.depthwise = child("depthwise", new ConvBn(f, hidden, hidden, maxKernel, stride, true));
        this.se = se ? child("se", new SqueezeExcite(f, hidden)) : null;
        this.project = child("project", new ConvBn(f, hidden, maxOut, 1, 1, false));
        this.stride = stride;
        this.act = act;
    }

    @Override
    NDArray forward(NDArray x, int width, Subnet.Layer layer, boolean training) {
        int in = Math.toIntExact(x.getShape().get(1));
        NDArray h = x;
        int hidden = in;
        if (expand != null) {
            hidden = in * layer.expand();
            h = act.apply(expand.forward(x, hidden, 1, 1, training));
        }
        h = act.apply(depthwise.forward(h, hidden, layer.kernel(), stride, training));
        if (se != null) {
            h = se.forward(h);
        }
        NDArray y = project.forward(h, width, 1, 1, training);
        return stride == 1 && in == width ? y.add(x) : y;
    }
}
