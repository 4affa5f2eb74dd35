package org.distillnas.space.genotype;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.distillnas.util.BadInputException;

/**
 * The JSON form of a {@link Subnet}, one of the genotype file kinds ({@link GenotypeJson}):
 *
 * <pre>
 * {"space": "mbv3-small", "resolution": 32, "stem": 16,
 *  "stages": [{"width": 16, "layers": [{"kernel": 3, "expand": 1}]},
 *             {"width": 24, "layers": [{"kernel": 3, "expand": 4}, "skip", {"kernel": 5, "expand": 6}]}],
 *  "last_conv": 384, "feature": 512,
 *  "subnet": "mbv3-small:r32:s16:16[k3e1]:24[k3e4,-,k5e6]:l384:f512"}
 * </pre>
 *
 * {@code last_conv} and {@code feature} are left out when the space has no such layer. The
 * {@code subnet} line is written for people (to paste on a command line) and ignored on reading.
 */
final class SubnetJson {
    static final List<String> FIELDS = List.of("space", "resolution", "stem", "stages", "last_conv", "feature", "subnet");

    private SubnetJson() {}

    /** True when a genotype object is a subnet's (it has stages, which cell genotypes do not). */
    static boolean isSubnet(JsonNode root) {
        return root.has("stages");
    }

    static String write(Subnet s, String quotedSpace, java.util.function.UnaryOperator<String> quote) {
        StringBuilder sb = new StringBuilder("{\n  \"space\": ").append(quotedSpace)
                .append(",\n  \"resolution\": ").append(s.resolution())
                .append(",\n  \"stem\": ").append(s.stem())
                .append(",\n  \"stages\": [");
        for (int i = 0; i < s.stages().size(); i++) {
            Subnet.Stage st = s.stages().get(i);
            sb.append(i == 0 ? "\n    " : ",\n    ").append("{\"width\": ").append(st.width()).append(", \"layers\": [");
            for (int j = 0; j < st.layers().size(); j++) {
                Subnet.Layer l = st.layers().get(j);
                sb.append(j == 0 ? "" : ", ").append(l.skip() ? "\"skip\""
                        : "{\"kernel\": " + l.kernel() + ", \"expand\": " + l.expand() + "}");
            }
            sb.append("]}");
        }
        sb.append("\n  ]");
        if (s.lastConv() > 0) {
            sb.append(",\n  \"last_conv\": ").append(s.lastConv());
        }
        if (s.feature() > 0) {
            sb.append(",\n  \"feature\": ").append(s.feature());
        }
        return sb.append(",\n  \"subnet\": ").append(quote.apply(s.toString())).append("\n}\n").toString();
    }

    /** Reads a subnet object; errors name the field path (origin is prefixed by the caller). */
    static Subnet read(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new BadInputException("unknown field \"" + name + "\" for a subnet, expected " + String.join(", ", FIELDS));
            }
        }
        JsonNode stages = root.get("stages");
        if (!stages.isArray() || stages.isEmpty()) {
            throw new BadInputException("stages: expected a non-empty list of {\"width\": ..., \"layers\": [...]}");
        }
        List<Subnet.Stage> out = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            String field = "stages[" + i + "]";
            JsonNode st = stages.get(i);
            if (!st.isObject() || st.size() != 2 || !st.has("width") || !st.has("layers") || !st.get("layers").isArray()) {
                throw new BadInputException(field + ": expected {\"width\": <channels>, \"layers\": [...]}");
            }
            List<Subnet.Layer> layers = new ArrayList<>();
            for (int j = 0; j < st.get("layers").size(); j++) {
                layers.add(layer(st.get("layers").get(j), field + ".layers[" + j + "]"));
            }
            out.add(new Subnet.Stage(positive(st, "width", field + ".width"), layers));
        }
        return new Subnet(root.get("space").asText(), positive(root, "resolution", "resolution"),
                positive(root, "stem", "stem"), out, optional(root, "last_conv"), optional(root, "feature"));
    }

    private static Subnet.Layer layer(JsonNode n, String field) {
        if (n.isTextual() && n.asText().equals("skip")) {
            return Subnet.Layer.SKIP;
        }
        if (!n.isObject() || n.size() != 2 || !n.has("kernel") || !n.has("expand")) {
            throw new BadInputException(field + ": expected {\"kernel\": k, \"expand\": e} or \"skip\"");
        }
        return new Subnet.Layer(positive(n, "kernel", field + ".kernel"), positive(n, "expand", field + ".expand"));
    }

    private static int optional(JsonNode root, String name) {
        return root.has(name) ? positive(root, name, name) : 0;
    }

    private static int positive(JsonNode parent, String name, String field) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
            throw new BadInputException(field + ": " + (n == null ? "missing" : n.toString()) + ", expected a positive whole number");
        }
        return n.intValue();
    }
}
