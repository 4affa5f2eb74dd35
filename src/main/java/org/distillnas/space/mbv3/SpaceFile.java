package org.distillnas.space.mbv3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.distillnas.space.mbv3.SpaceSpec.HeadSpec;
import org.distillnas.space.mbv3.SpaceSpec.StageSpec;
import org.distillnas.space.mbv3.SpaceSpec.StemSpec;
import org.distillnas.util.BadInputException;

/**
 * Reads a space file (JSON, or YAML when the name ends in .yaml/.yml) into a {@link SpaceSpec}:
 *
 * <pre>
 * name: mbv3-small
 * resolutions: [24, 28, 32]
 * stem: {width: [8, 16], stride: 1, activation: hswish}
 * stages:
 *   - {width: [16, 24], depth: [1, 2], kernel: [3, 5], expand: [3, 4], stride: 2, se: false, activation: relu}
 * last_conv: {width: [256], activation: hswish}     # optional
 * feature: {width: [512], activation: hswish}       # optional
 * </pre>
 *
 * A list of choices may be a single number. {@code se} and {@code skip} default to false.
 *
 * <p>A slimmable space (a network whose only choice is its width) gives
 * {@code width_multipliers: [0.5, 0.75, 1.0]} at the top and a single base width per layer; each
 * width becomes round(m x base) for every m, and a subnet takes one m for all of them. Reading is
 * strict (unknown fields and duplicate keys are errors); every error is one line naming the file,
 * the field path and what was expected, e.g. {@code s.yaml: stages[2].kernel: 4 is even, expected
 * odd kernel sizes like 3, 5, 7}.
 */
public final class SpaceFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final List<String> TOP = List.of("name", "resolutions", "stem", "stages", "last_conv", "feature",
            "width_multipliers");
    private static final List<String> STEM = List.of("width", "stride", "activation");
    private static final List<String> HEAD = List.of("width", "activation");
    private static final List<String> STAGE = List.of("width", "depth", "kernel", "expand", "stride", "se", "activation", "skip");

    private final String origin;
    /** The slimmable space's multipliers, empty for per-stage width choices. */
    private List<Double> multipliers = List.of();

    private SpaceFile(String origin) {
        this.origin = origin;
    }

    public static SpaceSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("space file " + file + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("cannot read space file " + file + ": " + e);
        }
        return parse(text, file.toString(), isYaml(file.toString()));
    }

    static boolean isYaml(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Parses a space file's text; {@code origin} (the file name) starts every error message. */
    public static SpaceSpec parse(String text, String origin, boolean yaml) {
        JsonNode root;
        try {
            root = (yaml ? YAML : JSON).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().replaceAll("\\s+", " ");
            throw new BadInputException(origin + ": malformed " + (yaml ? "YAML" : "JSON") + where + ": " + why);
        }
        return new SpaceFile(origin).space(root);
    }

    private SpaceSpec space(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw error("", "expected an object with fields " + String.join(", ", TOP));
        }
        fields(root, "", TOP, List.of("name", "resolutions", "stem", "stages"));
        JsonNode name = root.get("name");
        if (!name.isTextual() || !name.asText().matches("[A-Za-z0-9._-]+")) {
            throw error("name", name + ", expected a name of letters, digits, '.', '_' or '-'");
        }
        if (root.has("width_multipliers")) {
            multipliers = multipliers(root.get("width_multipliers"));
        }
        JsonNode stem = root.get("stem");
        fields(stem, "stem", STEM, STEM);
        StemSpec stemSpec = new StemSpec(widths(stem, "stem"), stride(stem, "stem"), activation(stem, "stem"));
        JsonNode stages = root.get("stages");
        if (!stages.isArray() || stages.isEmpty()) {
            throw error("stages", "expected a non-empty list of stages");
        }
        List<StageSpec> specs = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            specs.add(stage(stages.get(i), "stages[" + i + "]"));
        }
        return new SpaceSpec(name.asText(), choices(root, "", "resolutions"), stemSpec, specs,
                head(root, "last_conv"), head(root, "feature"), multipliers);
    }

    /** Distinct positive multipliers, sorted ascending. */
    private List<Double> multipliers(JsonNode n) {
        TreeSet<Double> out = new TreeSet<>();
        if (n.isArray()) {
            for (JsonNode m : n) {
                if (!m.isNumber() || !(m.doubleValue() > 0) || !out.add(m.doubleValue())) {
                    out.clear();
                    break;
                }
            }
        }
        if (out.size() < 2) {
            throw error("width_multipliers", abbreviate(n) + ", expected at least two distinct positive numbers like [0.5, 1.0]");
        }
        return List.copyOf(out);
    }

    /**
     * A layer's width choices: as written, or in a slimmable space its single base width times every
     * multiplier (rounded, at least 1), which must stay distinct.
     */
    private List<Integer> widths(JsonNode parent, String path) {
        List<Integer> written = choices(parent, path, "width");
        if (multipliers.isEmpty()) {
            return written;
        }
        if (written.size() != 1) {
            throw error(join(path, "width"), abbreviate(parent.get("width")) + ", expected one base width: the space's "
                    + "width_multipliers " + multipliers + " choose the widths");
        }
        List<Integer> out = new ArrayList<>();
        for (double m : multipliers) {
            int w = Math.max(1, (int) Math.round(m * written.get(0)));
            if (!out.isEmpty() && out.get(out.size() - 1) == w) {
                throw error(join(path, "width"), written.get(0) + " x " + multipliers + " gives width " + w + " twice, "
                        + "expected distinct widths: use a larger base width or fewer multipliers");
            }
            out.add(w);
        }
        return List.copyOf(out);
    }

    private StageSpec stage(JsonNode n, String path) {
        fields(n, path, STAGE, List.of("width", "depth", "kernel", "expand", "stride", "activation"));
        List<Integer> kernels = choices(n, path, "kernel");
        for (int k : kernels) {
            if (k % 2 == 0) {
                throw error(path + ".kernel", k + " is even, expected odd kernel sizes like 3, 5, 7");
            }
        }
        return new StageSpec(widths(n, path), choices(n, path, "depth"), kernels, choices(n, path, "expand"),
                stride(n, path), flag(n, path, "se"), activation(n, path), flag(n, path, "skip"));
    }

    private HeadSpec head(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null) {
            return null;
        }
        fields(n, field, HEAD, HEAD);
        return new HeadSpec(widths(n, field), activation(n, field));
    }

    /** Unknown fields are errors (a typo must not silently give a different space); so are missing ones. */
    private void fields(JsonNode n, String path, List<String> allowed, List<String> required) {
        if (!n.isObject()) {
            throw error(path, "expected an object with fields " + String.join(", ", allowed));
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw error(join(path, f), "unknown field, expected one of " + String.join(", ", allowed));
            }
        }
        for (String f : required) {
            if (!n.has(f)) {
                throw error(join(path, f), "missing");
            }
        }
    }

    /** A positive whole number or a list of them, as a sorted list without duplicates. */
    private List<Integer> choices(JsonNode parent, String path, String field) {
        JsonNode n = parent.get(field);
        List<JsonNode> items = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(items::add);
        } else {
            items.add(n);
        }
        TreeSet<Integer> out = new TreeSet<>();
        for (JsonNode item : items) {
            if (!item.isIntegralNumber() || !item.canConvertToInt() || item.intValue() < 1 || !out.add(item.intValue())) {
                throw error(join(path, field), abbreviate(n) + ", expected distinct positive whole numbers like [3, 5]");
            }
        }
        if (out.isEmpty()) {
            throw error(join(path, field), "[], expected at least one choice");
        }
        return List.copyOf(out);
    }

    private int stride(JsonNode n, String path) {
        JsonNode s = n.get("stride");
        if (!s.isIntegralNumber() || (s.intValue() != 1 && s.intValue() != 2)) {
            throw error(join(path, "stride"), abbreviate(s) + ", expected 1 or 2");
        }
        return s.intValue();
    }

    private Activation activation(JsonNode n, String path) {
        JsonNode a = n.get("activation");
        Activation act = a.isTextual() ? Activation.byLabel(a.asText()) : null;
        if (act == null) {
            throw error(join(path, "activation"), abbreviate(a) + ", expected relu, swish or hswish");
        }
        return act;
    }

    private boolean flag(JsonNode n, String path, String field) {
        JsonNode f = n.get(field);
        if (f != null && !f.isBoolean()) {
            throw error(join(path, field), abbreviate(f) + ", expected true or false");
        }
        return f != null && f.booleanValue();
    }

    private BadInputException error(String path, String message) {
        return new BadInputException(origin + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
