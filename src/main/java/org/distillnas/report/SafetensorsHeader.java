package org.distillnas.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.util.BadInputException;

/**
 * The JSON header of a safetensors file: for each tensor its dtype code, shape and byte range in
 * the data section, plus optional string metadata under the reserved key {@code __metadata__}.
 * This class encodes a header and decodes one with every check the format asks for, so that
 * {@link Safetensors} only moves bytes.
 *
 * @param entries the tensors, sorted by where their bytes start (the order they were written in)
 * @param metadata the {@code __metadata__} strings, empty if the file has none
 */
record SafetensorsHeader(List<SafetensorsHeader.Entry> entries, Map<String, String> metadata) {
    /** The key the format reserves for metadata; no tensor can have this name. */
    static final String METADATA_KEY = "__metadata__";

    // Duplicate names would otherwise silently keep the last entry and leave a hole in the data.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * One tensor: its bytes are {@code [begin, end)} of the data section that follows the header.
     *
     * @param dtype the format's type code, e.g. F32
     */
    record Entry(String name, String dtype, long[] shape, long begin, long end) {}

    /**
     * Bytes per element of each dtype code the format defines, so that a file holding a type the
     * reader cannot turn into an array still has its header (and metadata) checked and read.
     */
    static int width(String dtype) {
        return switch (dtype) {
            case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3" -> 1;
            case "I16", "U16", "F16", "BF16" -> 2;
            case "I32", "U32", "F32" -> 4;
            case "I64", "U64", "F64" -> 8;
            default -> 0;
        };
    }

    /**
     * The header's bytes: compact UTF-8 JSON, metadata first (as the reference implementation
     * writes it), then the entries in order, padded with spaces to a multiple of 8 bytes so that
     * the data section, which starts after the 8-byte length field, is 8-byte aligned.
     */
    byte[] encode() {
        ObjectNode root = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        for (Entry e : entries) {
            ObjectNode node = root.putObject(e.name());
            node.put("dtype", e.dtype());
            ArrayNode shape = node.putArray("shape");
            for (long d : e.shape()) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /**
     * Parses and checks a header: a JSON object whose entries each have a known dtype, a shape of
     * non-negative integers and {@code data_offsets [begin, end]} with
     * {@code end - begin = product(shape) * width(dtype)}; the ranges, sorted, must tile
     * {@code [0, dataLength)} exactly, with no overlap, gap or unused tail.
     *
     * @param dataLength bytes in the file after the header
     * @param file named in error messages
     * @throws BadInputException naming the file and the first problem found
     */
    static SafetensorsHeader decode(byte[] json, long dataLength, Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw bad(file, "header is not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw bad(file, "header is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(field.getValue(), metadata, file);
            } else {
                entries.add(readEntry(field.getKey(), field.getValue(), file));
            }
        }
        // Zero-length tensors share their offset with a neighbour; ordering by end too keeps
        // them before it, so the tiling check below accepts them.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.end() > dataLength) {
                throw bad(file, "tensor " + e.name() + " has data_offsets [" + e.begin() + ", " + e.end()
                        + "] past the " + dataLength + " bytes of data (truncated file?)");
            }
            if (e.begin() < expected) {
                throw bad(file, "tensor " + e.name() + " at byte " + e.begin() + " overlaps the tensor before it, which ends at byte " + expected);
            }
            if (e.begin() > expected) {
                throw bad(file, "bytes " + expected + " to " + e.begin() + " before tensor " + e.name() + " belong to no tensor");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw bad(file, "bytes " + expected + " to " + dataLength + " after the last tensor belong to no tensor");
        }
        return new SafetensorsHeader(Collections.unmodifiableList(entries), Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(JsonNode node, Map<String, String> out, Path file) {
        if (!node.isObject()) {
            throw bad(file, METADATA_KEY + " is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!f.getValue().isTextual()) {
                throw bad(file, METADATA_KEY + " value of " + f.getKey() + " is " + abbreviate(f.getValue()) + ", not a string");
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
    }

    private static Entry readEntry(String name, JsonNode node, Path file) {
        if (!node.isObject()) {
            throw bad(file, "tensor " + name + " is described by " + node.getNodeType() + ", not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual() || width(dtypeNode.textValue()) == 0) {
            throw bad(file, "tensor " + name + " has dtype " + abbreviate(dtypeNode) + ", which is not a safetensors type");
        }
        String dtype = dtypeNode.textValue();
        long[] shape = longs(node.get("shape"), -1, "shape", name, file);
        long[] offsets = longs(node.get("data_offsets"), 2, "data_offsets", name, file);
        if (offsets[0] > offsets[1]) {
            throw bad(file, "tensor " + name + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] that end before they begin");
        }
        long bytes;
        try {
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            bytes = Math.multiplyExact(count, width(dtype));
        } catch (ArithmeticException e) {
            throw bad(file, "tensor " + name + " has a shape too large to address");
        }
        if (offsets[1] - offsets[0] != bytes) {
            throw bad(file, "tensor " + name + " of dtype " + dtype + " and shape " + Arrays.toString(shape)
                    + " needs " + bytes + " bytes but its data_offsets span " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers, of the given length unless {@code length} is -1. */
    private static long[] longs(JsonNode node, int length, String key, String name, Path file) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw bad(file, "tensor " + name + " has " + key + " " + abbreviate(node) + ", expected an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw bad(file, "tensor " + name + " has " + key + " " + abbreviate(node) + ", expected non-negative integers");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** A JSON value as it would appear in the file, shortened: a corrupt file can hold megabytes of it. */
    private static String abbreviate(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The error for a bad file; names read from the file are escaped so the message stays one line. */
    static BadInputException bad(Path file, String problem) {
        return new BadInputException(file + ": " + problem.replace("\n", "\\n").replace("\r", "\\r"));
    }
}
