package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.distillnas.nn.Fn;
import org.distillnas.nn.Linear;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.SpaceSpec.StageSpec;

/**
 * The layout shared by supernets and stand-alone networks of a space: stem, stages of
 * {@link SearchLayer}s, last conv, pooling, feature layer and classifier. Built at the sizes of a
 * "widest" subnet (the space's largest for a supernet, the subnet itself for a stand-alone
 * network), it runs any subnet that fits in them, so parameter names are the same in both kinds of
 * network: {@code stem.conv.weight}, {@code stages.2.1.depthwise.conv.weight},
 * {@code classifier.weight}.
 *
 * <p>Input of another size than the subnet's resolution is resized bilinearly first, so a forward
 * pass is a function of (subnet, input) only.
 */
final class MbBody extends Module {
    /** Makes the layer at a stage position, or null where the network has none (a skipped layer). */
    interface LayerFactory {
        SearchLayer create(int stage, int position, int maxIn, int maxOut);
    }

    private final SpaceSpec spec;
    private final ConvBn stem;
    private final List<List<SearchLayer>> stages = new ArrayList<>();
    private final ConvBn lastConv;
    private final Linear feature;
    private final Linear classifier;

    MbBody(SpaceSpec spec, Subnet widest, int inChannels, int numClasses, ParamFactory f, LayerFactory layers) {
        this.spec = spec;
        this.stem = child("stem", new ConvBn(f, inChannels, widest.stem(), 3, spec.stem().stride(), false));
        Module stageList = child("stages", new Container());
        int in = widest.stem();
        for (int s = 0; s < spec.stages().size(); s++) {
            StageSpec st = spec.stages().get(s);
            int out = widest.stages().get(s).width();
            Module stage = ((Container) stageList).add(Integer.toString(s), new Container());
            List<SearchLayer> list = new ArrayList<>();
            for (int p = 0; p < st.maxDepth(); p++) {
                SearchLayer layer = layers.create(s, p, p == 0 ? in : out, out);
                list.add(layer == null ? null : ((Container) stage).add(Integer.toString(p), layer));
            }
            stages.add(list);
            in = out;
        }
        this.lastConv = spec.lastConv() == null ? null : child("last_conv", new ConvBn(f, in, widest.lastConv(), 1, 1, false));
        in = spec.lastConv() == null ? in : widest.lastConv();
        this.feature = spec.feature() == null ? null : child("feature", new Linear(f, in, widest.feature()));
        in = spec.feature() == null ? in : widest.feature();
        this.classifier = child("classifier", new Linear(f, in, numClasses));
    }

    /** Class logits of {@code subnet} for NCHW input. */
    NDArray forward(NDArray x, Subnet subnet, boolean training) {
        x = resize(x, subnet.resolution());
        x = spec.stem().activation().apply(stem.forward(x, subnet.stem(), 3, spec.stem().stride(), training));
        for (int s = 0; s < stages.size(); s++) {
            Subnet.Stage stage = subnet.stages().get(s);
            List<SearchLayer> layers = stages.get(s);
            for (int p = 0; p < layers.size(); p++) {
                Subnet.Layer layer = stage.layer(p);
                if (!layer.skip()) {
                    x = layers.get(p).forward(x, stage.width(), layer, training);
                }
            }
        }
        if (lastConv != null) {
            x = spec.lastConv().activation().apply(lastConv.forward(x, subnet.lastConv(), 1, 1, training));
        }
        x = Fn.globalAvgPool(x);
        if (feature != null) {
            x = spec.feature().activation().apply(linear(feature, x, subnet.feature()));
        }
        return linear(classifier, x, Math.toIntExact(classifier.weight().value().getShape().get(0)));
    }

    /** The first {@code out} outputs of {@code layer} on the active inputs of (N, in) {@code x}. */
    private static NDArray linear(Linear layer, NDArray x, int out) {
        long in = x.getShape().get(1);
        return Linear.apply(x, Slices.to(layer.weight().value(), new Shape(out, in), x),
                Slices.to(layer.bias().value(), new Shape(out), x));
    }

    private static NDArray resize(NDArray x, int resolution) {
        Shape s = x.getShape();
        if (s.get(2) == resolution && s.get(3) == resolution) {
            return x;
        }
        // libtorch's interpolate through DJL's JNI: mode 2 is bilinear; the flag is anti-aliasing (off)
        return JniUtils.interpolate((PtNDArray) x, new long[] {resolution, resolution}, 2, false);
    }

    /** A module that only names its children (the stage list and each stage's layers). */
    private static final class Container extends Module {
        <M extends Module> M add(String name, M module) {
            return child(name, module);
        }
    }
}
