package org.distillnas.space.genotype;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.util.JsonErrors;

/**
 * The genotype file format: a small JSON object whose {@code "space"} decides its kind.
 *
 * <pre>
 * {"space": "nb201", "arch": "|nor_conv_3x3~0|+|...|"}
 * {"space": "darts", "normal": [["sep_conv_3x3", 0], ...], "normal_concat": [2, 3, 4, 5],
 *  "reduce": [["max_pool_3x3", 0], ...], "reduce_concat": [2, 3, 4, 5]}
 * {"space": "mbv3-small", "resolution": 32, "stem": 16, "stages": [...], ...}   (see {@link SubnetJson})
 * </pre>
 *
 * <p>A subnet's space is any name (sampling spaces may come from the user's own space files):
 * whether its values fit that space is checked where the space builds it.
 *
 * <p>Reading is strict (unknown fields, duplicate keys and trailing text are errors) because every
 * field is meaningful and a typo should not silently yield a different network. Every error is a
 * {@link BadInputException} whose one line starts with the origin (usually the file name).
 */
public final class GenotypeJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    // In file order, so that messages list them as a user sees them.
    private static final List<String> NB201_FIELDS = List.of("space", "arch");
    private static final List<String> DARTS_FIELDS = List.of("space", "normal", "normal_concat", "reduce", "reduce_concat");

    private GenotypeJson() {}

    /** Every space name a genotype file may carry. */
    public static List<String> spaces() {
        return Stream.concat(Stream.of(Nb201Genotype.SPACE), DartsGenotype.SPACES.stream()).toList();
    }

    /**
     * Pretty JSON for {@code g}, ending with a newline. Laid out by hand so that each DARTS edge
     * sits on its own line, which makes two genotype files easy to diff.
     */
    public static String write(Genotype g) {
        StringBuilder sb = new StringBuilder("{\n  \"space\": ").append(quote(g.space()));
        // Java 17 has no pattern switch outside preview; the interface is sealed to these three.
        if (g instanceof Subnet s) {
            return SubnetJson.write(s, quote(s.space()), GenotypeJson::quote);
        }
        if (g instanceof Nb201Genotype nb) {
            sb.append(",\n  \"arch\": ").append(quote(nb.arch()));
        } else if (g instanceof DartsGenotype d) {
            appendEdges(sb, "normal", d.normal());
            sb.append(",\n  \"normal_concat\": ").append(d.normalConcat());
            appendEdges(sb, "reduce", d.reduce());
            sb.append(",\n  \"reduce_concat\": ").append(d.reduceConcat());
        } else {
            throw new IllegalArgumentException("unknown genotype kind " + g.getClass());
        }
        return sb.append("\n}\n").toString();
    }

    /** Writes {@code g} to {@code file} atomically. */
    public static void save(Genotype g, Path file) {
        AtomicFiles.writeString(file, write(g));
    }

    /** Reads a genotype file. */
    public static Genotype read(Path file) {
        return read(readText(file), file.toString());
    }

    /** The text of a genotype file, with one-line errors naming it. */
    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("genotype file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new BadInputException("genotype file " + file + " is not UTF-8 text, expected JSON in UTF-8");
        } catch (IOException e) {
            throw new BadInputException("cannot read genotype file " + file + ": " + e);
        }
    }

    /** Parses genotype JSON; {@code origin} names where it came from in error messages. */
    public static Genotype read(String json, String origin) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadInputException(origin + ": malformed JSON" + JsonErrors.where(e) + ": " + JsonErrors.reason(e));
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new BadInputException(origin + ": expected a JSON object with a \"space\" field");
        }
        JsonNode space = root.get("space");
        if (space == null || !space.isTextual()) {
            throw new BadInputException(origin + ": missing or non-text \"space\", expected one of "
                    + String.join(", ", spaces()));
        }
        try {
            if (space.asText().equals(Nb201Genotype.SPACE)) {
                checkFields(root, NB201_FIELDS, origin);
                return Nb201Genotype.parse(text(root, "arch", origin));
            }
            if (DartsGenotype.SPACES.contains(space.asText())) {
                checkFields(root, DARTS_FIELDS, origin);
                return new DartsGenotype(space.asText(), edges(root, "normal", origin), ints(root, "normal_concat", origin),
                        edges(root, "reduce", origin), ints(root, "reduce_concat", origin));
            }
            if (SubnetJson.isSubnet(root)) {
                return SubnetJson.read(root);
            }
        } catch (BadInputException e) {
            if (e.getMessage().startsWith(origin + ": ")) {
                throw e;
            }
            // Validation inside the records does not know the file; name it here.
            throw new BadInputException(origin + ": " + e.getMessage(), e);
        }
        throw new BadInputException(origin + ": unknown space '" + Excerpt.of(space.asText()) + "', expected one of "
                + String.join(", ", spaces()));
    }

    private static void checkFields(JsonNode root, List<String> allowed, String origin) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new BadInputException(origin + ": unknown field \"" + Excerpt.of(name) + "\" for space '"
                        + root.get("space").asText() + "', expected " + String.join(", ", allowed));
            }
        }
        for (String name : allowed) {
            if (!root.has(name)) {
                throw new BadInputException(origin + ": missing field \"" + name + "\"");
            }
        }
    }

    private static String text(JsonNode root, String field, String origin) {
        JsonNode node = root.get(field);
        if (!node.isTextual()) {
            throw new BadInputException(origin + ": \"" + field + "\" must be a string, got " + node);
        }
        return node.asText();
    }

    private static List<Edge> edges(JsonNode root, String field, String origin) {
        JsonNode list = root.get(field);
        if (!list.isArray()) {
            throw new BadInputException(origin + ": \"" + field + "\" must be a list of [op, input] pairs, got "
                    + abbreviate(list));
        }
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode pair = list.get(i);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !isInt(pair.get(1))) {
                throw new BadInputException(origin + ": " + field + "[" + i + "] is " + abbreviate(pair)
                        + ", expected [op, input] like [\"sep_conv_3x3\", 0]");
            }
            edges.add(new Edge(pair.get(0).asText(), pair.get(1).intValue()));
        }
        return edges;
    }

    private static List<Integer> ints(JsonNode root, String field, String origin) {
        JsonNode list = root.get(field);
        List<Integer> ints = new ArrayList<>();
        if (list.isArray()) {
            for (JsonNode n : list) {
                if (!isInt(n)) {
                    break;
                }
                ints.add(n.intValue());
            }
        }
        if (!list.isArray() || ints.size() != list.size()) {
            throw new BadInputException(origin + ": \"" + field + "\" is " + abbreviate(list)
                    + ", expected a list of node ids like [2, 3, 4, 5]");
        }
        return ints;
    }

    private static boolean isInt(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToInt();
    }

    private static void appendEdges(StringBuilder sb, String field, List<Edge> edges) {
        sb.append(",\n  \"").append(field).append("\": [");
        for (int i = 0; i < edges.size(); i++) {
            sb.append(i == 0 ? "\n    [" : ",\n    [")
                    .append(quote(edges.get(i).op())).append(", ").append(edges.get(i).input()).append(']');
        }
        sb.append("\n  ]");
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot quote a string", e);
        }
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
