package org.distillnas.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.distillnas.util.BadInputException;
import org.distillnas.util.JsonErrors;

/**
 * Reads a run folder's {@code config.json} into its record ({@link SearchConfig}, {@link TrainConfig}),
 * so that whatever the file holds ends as a configuration the record's own checks accepted or as
 * one line naming the file and the bad field.
 *
 * <p>Reading is strict where leniency would silently change a resumed run: a duplicated key, text
 * after the object, or a number too large for a double (which Java would read as infinity) is an
 * error. Missing fields keep the defaults the records give them, so folders written before a field
 * existed still read.
 */
final class ConfigJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Quoted values and words in messages are cut to this many characters. */
    private static final int MAX_QUOTED = 60;

    private ConfigJson() {}

    /**
     * @param context starts every error message, e.g. "cannot resume runs/x"
     * @throws BadInputException if the file cannot be read or is not a valid configuration
     */
    static <T> T read(Path file, Class<T> type, String context) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw corrupt(context, file, describe(e), e);
        } catch (IOException e) {
            throw new BadInputException(context + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            String found = tree == null || tree.isMissingNode() ? "nothing" : "a JSON " + tree.getNodeType();
            throw corrupt(context, file, "it holds " + found + ", expected a JSON object", null);
        }
        String tooLarge = nonFiniteField(tree, "");
        if (tooLarge != null) {
            throw corrupt(context, file, "field " + tooLarge + " holds a number too large for a double", null);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            // The record's own check refused a value: its message already names the option.
            if (e.getCause() instanceof BadInputException b) {
                throw corrupt(context, file, b.getMessage(), e);
            }
            throw corrupt(context, file, describe(e), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw corrupt(context, file, e instanceof JsonProcessingException j ? describe(j) : e.getMessage(), e);
        }
    }

    private static BadInputException corrupt(String context, Path file, String detail, Exception cause) {
        return new BadInputException(context + ": corrupt " + file + ": " + shorten(detail), cause);
    }

    /**
     * {@code detail} with quoted values and other long words cut short: a damaged file can hold
     * megabytes where a word belongs, and messages (Jackson's and the records') quote values.
     */
    private static String shorten(String detail) {
        return String.valueOf(detail)
                .replaceAll("([\"'])([^\"']{" + MAX_QUOTED + "})[^\"']+\\1", "$1$2...$1")
                .replaceAll("(\\S{" + MAX_QUOTED + "})\\S{4,}", "$1...");
    }

    /** The path of the first floating-point number that is not finite, or null. */
    private static String nonFiniteField(JsonNode node, String path) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return path;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String found = nonFiniteField(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nonFiniteField(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Jackson's reason, with the field it concerns or, for syntax errors, where in the file. */
    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            // Jackson's own message lists every known field on the same line.
            return "unknown field " + path(u.getPath());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "field " + path(m.getPath()) + ": " + JsonErrors.reason(e);
        }
        return JsonErrors.reason(e) + JsonErrors.where(e);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
