package org.distillnas.space.genotype;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distillnas.util.BadInputException;

/**
 * A sub-network of a sampling space of inverted-residual blocks (MobileNetV3 style): plain data,
 * the same for elastic and choice supernets. Whether its values are allowed is its space's
 * business ({@code org.distillnas.space.mbv3.MbSpace#validate}); this record only checks its form.
 *
 * <p>Canonical one-line form, fields separated by ':' (no spaces, so it needs no shell quoting):
 *
 * <pre>
 *   mbv3-small:r32:s16:16[k3e1]:24[k3e4,k5e6]:32[k3e4,-,k5e3]:l384:f512
 *   space  resolution  stem width  one width[layers] per stage  last conv  feature (both optional)
 * </pre>
 *
 * A layer is {@code k<kernel>e<expand>} or {@code -} for a skipped (identity) layer. Layers are by
 * position in the stage; trailing skips are dropped (an elastic depth d is simply d layers), so
 * every subnet has one canonical form.
 *
 * @param resolution input height and width in pixels
 * @param stem output channels of the stem convolution
 * @param lastConv channels of the 1x1 convolution after the last stage, 0 when the space has none
 * @param feature width of the layer between pooling and classifier, 0 when the space has none
 */
public record Subnet(String space, int resolution, int stem, List<Stage> stages, int lastConv, int feature)
        implements Genotype {
    private static final Pattern LAYER = Pattern.compile("k(\\d+)e(\\d+)");
    private static final Pattern STAGE = Pattern.compile("(\\d+)\\[([^\\]]*)\\]");

    /** One stage: its output channels and its layers by position. */
    public record Stage(int width, List<Layer> layers) {
        public Stage {
            List<Layer> kept = new ArrayList<>(layers);
            while (!kept.isEmpty() && kept.get(kept.size() - 1).skip()) {
                kept.remove(kept.size() - 1);
            }
            layers = List.copyOf(kept);
        }

        /** Layers that run (not skipped). */
        public int depth() {
            return (int) layers.stream().filter(l -> !l.skip()).count();
        }

        /** The layer at {@code position}; positions past the listed ones are skipped. */
        public Layer layer(int position) {
            return position < layers.size() ? layers.get(position) : Layer.SKIP;
        }
    }

    /** A layer's depthwise kernel size and expand ratio, or {@link #SKIP}. */
    public record Layer(int kernel, int expand) {
        public static final Layer SKIP = new Layer(0, 0);

        public boolean skip() {
            return kernel == 0;
        }

        @Override
        public String toString() {
            return skip() ? "-" : "k" + kernel + "e" + expand;
        }

        /** Reads {@code k3e4} or {@code -}; {@code field} names it in the error. */
        public static Layer parse(String text, String field) {
            if (text.equals("-")) {
                return SKIP;
            }
            Matcher m = LAYER.matcher(text);
            int kernel = m.matches() ? number(m.group(1)) : 0;
            int expand = m.matches() ? number(m.group(2)) : 0;
            if (kernel < 1 || expand < 1) {
                throw new BadInputException(field + ": '" + text + "' is not a layer, expected k<kernel>e<expand> like k3e4, or - (skip)");
            }
            return new Layer(kernel, expand);
        }

        /** The digits' value, or 0 when they overflow an int (then refused like a 0). */
        private static int number(String digits) {
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    public Subnet {
        stages = List.copyOf(stages);
    }

    /** The canonical one-line form. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(space).append(":r").append(resolution).append(":s").append(stem);
        for (Stage s : stages) {
            sb.append(':').append(s.width()).append('[');
            for (int i = 0; i < s.layers().size(); i++) {
                sb.append(i == 0 ? "" : ",").append(s.layers().get(i));
            }
            sb.append(']');
        }
        if (lastConv > 0) {
            sb.append(":l").append(lastConv);
        }
        if (feature > 0) {
            sb.append(":f").append(feature);
        }
        return sb.toString();
    }

    /**
     * Reads the canonical form. Errors are one line naming the part, e.g.
     * {@code subnet 'x': stages[1].layers[0]: 'k3x4' is not a layer ...}.
     */
    public static Subnet parse(String text) {
        String t = text == null ? "" : text.strip();
        String[] parts = t.split(":", -1);
        String origin = "subnet '" + t + "': ";
        if (parts.length < 4) {
            throw new BadInputException(origin + "expected space:r<resolution>:s<stem>:<width>[<layers>]:...[:l<last conv>][:f<feature>]");
        }
        int resolution = prefixed(parts[1], 'r', "resolution", origin);
        int stem = prefixed(parts[2], 's', "stem", origin);
        int end = parts.length;
        int feature = 0;
        int lastConv = 0;
        if (parts[end - 1].startsWith("f")) {
            feature = prefixed(parts[--end], 'f', "feature", origin);
        }
        if (parts[end - 1].startsWith("l")) {
            lastConv = prefixed(parts[--end], 'l', "last_conv", origin);
        }
        List<Stage> stages = new ArrayList<>();
        for (int p = 3; p < end; p++) {
            String field = "stages[" + (p - 3) + "]";
            Matcher m = STAGE.matcher(parts[p]);
            if (!m.matches()) {
                throw new BadInputException(origin + field + ": '" + parts[p] + "' is not a stage, expected <width>[<layer>,...] like 24[k3e4,k5e6]");
            }
            List<Layer> layers = new ArrayList<>();
            String[] tokens = m.group(2).split(",", -1);
            for (int i = 0; i < tokens.length; i++) {
                try {
                    layers.add(Layer.parse(tokens[i], field + ".layers[" + i + "]"));
                } catch (BadInputException e) {
                    throw new BadInputException(origin + e.getMessage(), e);
                }
            }
            stages.add(new Stage(positive(m.group(1), field + ".width", origin), layers));
        }
        if (stages.isEmpty()) {
            throw new BadInputException(origin + "no stages, expected at least one <width>[<layers>] part");
        }
        return new Subnet(parts[0], resolution, stem, stages, lastConv, feature);
    }

    private static int prefixed(String part, char prefix, String field, String origin) {
        if (part.isEmpty() || part.charAt(0) != prefix) {
            throw new BadInputException(origin + field + ": '" + part + "', expected " + prefix + "<number>");
        }
        return positive(part.substring(1), field, origin);
    }

    private static int positive(String digits, String field, String origin) {
        try {
            int v = Integer.parseInt(digits);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(origin + field + ": '" + digits + "' is not a positive whole number");
    }
}
