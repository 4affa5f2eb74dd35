package org.distillnas.space.mbv3;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.SpaceSpec.StageSpec;

/**
 * Multiply-adds of every (layer, choice) of a space at one input resolution, so that the MACs of a
 * subnet are a sum of table entries (Cream's {@code flops_table}; fast budget checks during
 * evolution) instead of a forward pass. Conventions are {@link org.distillnas.nn.CostMeter}'s,
 * per image: convolutions {@code H' W' c_out (c_in / groups) k^2}, linear layers
 * {@code out x in}; BatchNorm, activations, pooling, additions and biases are free. The tests check
 * every sum against a counted forward pass of the built network.
 *
 * <p>A layer's choice is (input width, output width, kernel, expand ratio): with elastic widths the
 * cost of a block depends on the width before it as well as its own. Layer names: {@code stem},
 * {@code stages[s].layers[p]}, {@code last_conv}, {@code feature}, {@code classifier}.
 */
public final class FlopsTable {
    /** One entry's address: layer name and choice; kernel and expand are 1 for plain layers. */
    public record Key(String layer, int in, int out, int kernel, int expand) {}

    private final String space;
    private final int resolution;
    private final int inChannels;
    private final int numClasses;
    private final Map<Key, Long> entries = new HashMap<>();

    FlopsTable(SpaceSpec spec, int resolution, int inChannels, int numClasses) {
        this.space = spec.name();
        this.resolution = resolution;
        this.inChannels = inChannels;
        this.numClasses = numClasses;
        int h = out(resolution, 3, spec.stem().stride());
        for (int w : spec.stem().widths()) {
            entries.put(new Key("stem", inChannels, w, 3, 1), (long) h * h * w * inChannels * 9);
        }
        List<Integer> inWidths = spec.stem().widths();
        for (int s = 0; s < spec.stages().size(); s++) {
            StageSpec st = spec.stages().get(s);
            for (int p = 0; p < st.maxDepth(); p++) {
                int hOut = out(h, 1, st.stride(p));
                for (int in : p == 0 ? inWidths : st.widths()) {
                    for (int o : st.widths()) {
                        if (p > 0 && in != o) {
                            continue;
                        }
                        for (int k : st.kernels()) {
                            for (int e : st.expands()) {
                                entries.put(new Key(layer(s, p), in, o, k, e), block(st, in, o, k, e, h, hOut));
                            }
                        }
                    }
                }
                h = hOut;
            }
            inWidths = st.widths();
        }
        if (spec.lastConv() != null) {
            for (int in : inWidths) {
                for (int o : spec.lastConv().widths()) {
                    entries.put(new Key("last_conv", in, o, 1, 1), (long) h * h * o * in);
                }
            }
            inWidths = spec.lastConv().widths();
        }
        if (spec.feature() != null) {
            for (int in : inWidths) {
                for (int o : spec.feature().widths()) {
                    entries.put(new Key("feature", in, o, 1, 1), (long) in * o);
                }
            }
            inWidths = spec.feature().widths();
        }
        for (int in : inWidths) {
            entries.put(new Key("classifier", in, numClasses, 1, 1), (long) in * numClasses);
        }
    }

    /** The {@link InvertedResidual} formula: expand + depthwise + squeeze-excite + project. */
    private static long block(StageSpec st, int in, int out, int k, int e, int h, int hOut) {
        long m = st.hasExpandConv() ? (long) in * e : in;
        long expand = st.hasExpandConv() ? (long) h * h * m * in : 0;
        long depthwise = (long) hOut * hOut * m * k * k;
        long se = st.se() ? 2 * m * SqueezeExcite.reduced(Math.toIntExact(m)) : 0;
        long project = (long) hOut * hOut * out * m;
        return expand + depthwise + se + project;
    }

    /** Output size of a k x k convolution with padding k / 2 (k odd): (h - 1) / stride + 1. */
    private static int out(int h, int k, int stride) {
        return (h + 2 * (k / 2) - k) / stride + 1;
    }

    static String layer(int stage, int position) {
        return "stages[" + stage + "].layers[" + position + "]";
    }

    public int resolution() {
        return resolution;
    }

    /** Every entry, by (layer, choice). */
    public Map<Key, Long> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** MACs of one image through {@code subnet}, which must be at this table's resolution. */
    public long macs(Subnet subnet) {
        if (!subnet.space().equals(space) || subnet.resolution() != resolution) {
            throw new IllegalArgumentException("subnet " + subnet + " is not for this table (" + space + " at " + resolution + ")");
        }
        long sum = get(new Key("stem", inChannels, subnet.stem(), 3, 1));
        int in = subnet.stem();
        for (int s = 0; s < subnet.stages().size(); s++) {
            Subnet.Stage stage = subnet.stages().get(s);
            for (int p = 0; p < stage.layers().size(); p++) {
                Subnet.Layer l = stage.layers().get(p);
                if (!l.skip()) {
                    sum += get(new Key(layer(s, p), in, stage.width(), l.kernel(), l.expand()));
                    in = stage.width();
                }
            }
        }
        if (subnet.lastConv() > 0) {
            sum += get(new Key("last_conv", in, subnet.lastConv(), 1, 1));
            in = subnet.lastConv();
        }
        if (subnet.feature() > 0) {
            sum += get(new Key("feature", in, subnet.feature(), 1, 1));
            in = subnet.feature();
        }
        return sum + get(new Key("classifier", in, numClasses, 1, 1));
    }

    private long get(Key key) {
        Long v = entries.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no table entry for " + key + ": validate the subnet against its space first");
        }
        return v;
    }
}
