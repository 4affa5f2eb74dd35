package org.distillnas.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distillnas.report.JsonlWriter;

/**
 * Everything a finished run wrote that must not depend on whether it was interrupted, as
 * comparable text: the metrics and alphas logs line by line, the genotype, the summary or results,
 * and checksums of the final weights (the last checkpoint's tensors, and {@code model.safetensors}
 * of a training). Wall-clock figures are left out, since they are the only thing a resumed run may
 * change.
 *
 * @param items file or item name to its lines (one line for a checksum or a whole JSON file)
 */
public record RunFingerprint(Map<String, List<String>> items) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields that measure time, per file. */
    private static final Set<String> TIMES = Set.of("seconds", "wall_seconds_this_invocation", "train_seconds");

    /** The fingerprint of the run folder {@code dir}. */
    public static RunFingerprint of(Path dir) throws IOException {
        Map<String, List<String>> items = new LinkedHashMap<>();
        for (String log : List.of("metrics.jsonl", "alphas.jsonl")) {
            Path f = dir.resolve(log);
            if (Files.exists(f)) {
                List<String> lines = new ArrayList<>();
                for (JsonNode n : JsonlWriter.readAll(f)) {
                    lines.add(withoutTimes(n).toString());
                }
                items.put(log, lines);
            }
        }
        for (String file : List.of("genotype.json", "summary.json", "results.json", "board.json")) {
            Path f = dir.resolve(file);
            if (Files.exists(f)) {
                items.put(file, List.of(withoutTimes(JSON.readTree(f.toFile())).toString()));
            }
        }
        Path latest = dir.resolve("checkpoints").resolve("LATEST");
        if (Files.exists(latest)) {
            String name = Files.readString(latest, StandardCharsets.UTF_8).trim();
            items.put("final checkpoint", List.of(name + " " + sha256(dir.resolve("checkpoints").resolve(name).resolve("tensors.ndlist"))));
        }
        Path weights = dir.resolve("model.safetensors");
        if (Files.exists(weights)) {
            items.put("model.safetensors", List.of(sha256(weights)));
        }
        return new RunFingerprint(items);
    }

    /**
     * How this run differs from {@code reference}: one line per differing item, naming the first
     * differing line; empty when they are identical.
     */
    public List<String> differencesFrom(RunFingerprint reference) {
        List<String> out = new ArrayList<>();
        Set<String> names = new java.util.LinkedHashSet<>(reference.items.keySet());
        names.addAll(items.keySet());
        for (String name : names) {
            List<String> a = reference.items.get(name);
            List<String> b = items.get(name);
            if (a == null || b == null) {
                out.add(name + ": " + (a == null ? "not written by the reference" : "missing"));
                continue;
            }
            int n = Math.min(a.size(), b.size());
            int first = 0;
            while (first < n && a.get(first).equals(b.get(first))) {
                first++;
            }
            if (first < n) {
                out.add(name + ": line " + (first + 1) + " differs: " + abbreviate(b.get(first)) + " vs reference "
                        + abbreviate(a.get(first)));
            } else if (a.size() != b.size()) {
                out.add(name + ": " + b.size() + " lines vs " + a.size() + " in the reference");
            }
        }
        return out;
    }

    private static JsonNode withoutTimes(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(TIMES);
        }
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
