package org.distillnas.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One benchmark program's {@code RESULT} line, e.g.
 * {@code RESULT python torch=1.13.1 cells=2 steps=30 elapsed=40.1s steps_per_s=0.748 peak_rss_mib=1890 threads=2/1}:
 * the program's kind (the first word) and its {@code key=value} fields.
 *
 * <p>Both the Java child and the Python reference print this form, so one parser serves both.
 */
public record BenchResult(String program, Map<String, String> fields) {
    /** The prefix that marks the result line among a program's output. */
    public static final String PREFIX = "RESULT ";

    public BenchResult {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** True for the line a benchmark program ends with. */
    public static boolean isResultLine(String line) {
        return line.startsWith(PREFIX);
    }

    /**
     * Parses a result line.
     *
     * @throws IllegalArgumentException if it is not one, or lacks {@code steps_per_s} or {@code peak_rss_mib}
     */
    public static BenchResult parse(String line) {
        if (!isResultLine(line)) {
            throw new IllegalArgumentException("not a RESULT line: " + line);
        }
        String[] words = line.substring(PREFIX.length()).trim().split("\\s+");
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        BenchResult r = new BenchResult(words[0], fields);
        r.stepsPerSecond();
        r.peakRssMib();
        return r;
    }

    /** Timed step pairs per second. */
    public double stepsPerSecond() {
        return number("steps_per_s");
    }

    /** Peak resident memory of the whole program (VmHWM), MiB. */
    public long peakRssMib() {
        return (long) number("peak_rss_mib");
    }

    /** Resident memory after step 100, MiB, if the program ran that far and reports it. */
    public OptionalLong rssAt100() {
        return optionalLong("rss_at_100");
    }

    /** Resident memory after the last step, MiB, if reported. */
    public OptionalLong rssAtLast() {
        return optionalLong("rss_at_last");
    }

    /** A field's text, or {@code fallback} when absent. */
    public String field(String key, String fallback) {
        return fields.getOrDefault(key, fallback);
    }

    private double number(String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException(program + " RESULT line has no " + key + ": " + fields);
        }
        try {
            // elapsed carries a unit ("40.1s"); the others are bare numbers.
            return Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + " RESULT field " + key + "=" + v + " is not a number", e);
        }
    }

    private OptionalLong optionalLong(String key) {
        String v = fields.get(key);
        if (v == null || v.equals("na")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) number(key));
    }
}
