package org.distillnas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a step's time goes, per op kind, forward and backward: read from the Chrome trace that
 * libtorch's profiler writes ({@code JniUtils.stopProfile}).
 *
 * <p>An event is counted once, at the outermost level: a top-level op (e.g. {@code aten::conv2d},
 * which calls {@code aten::mkldnn_convolution}) is forward time of its kind, and an
 * {@code autograd::engine::evaluate_function: XBackward0} event is backward time of X's kind, with
 * everything the op calls inside it. Top-level ops outside any pass (optimizer updates, gradient
 * clipping) count as forward time of their kind, as the profiler cannot tell them apart.
 */
public final class OpProfile {
    private static final String BACKWARD = "autograd::engine::evaluate_function: ";

    /** Time and calls of one op kind, per step. */
    public record Row(String kind, double forwardMs, double backwardMs, double forwardCalls, double backwardCalls) {
        public double totalMs() {
            return forwardMs + backwardMs;
        }
    }

    private final List<Row> rows;
    private final double totalMs;

    private OpProfile(List<Row> rows) {
        this.rows = rows;
        this.totalMs = rows.stream().mapToDouble(Row::totalMs).sum();
    }

    public List<Row> rows() {
        return rows;
    }

    /** Profiled time per step over every counted event. */
    public double totalMs() {
        return totalMs;
    }

    /** Reads a trace of {@code steps} steps. */
    public static OpProfile read(Path trace, int steps) throws IOException {
        JsonNode events = new ObjectMapper().readTree(trace.toFile());
        record Event(String name, double start, double end, long tid) {}
        List<Event> list = new ArrayList<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText())) {
                double ts = e.path("ts").asDouble();
                list.add(new Event(e.path("name").asText(), ts, ts + e.path("dur").asDouble(), e.path("tid").asLong()));
            }
        }
        // outermost first at equal starts, so that nested events follow their parent
        list.sort(Comparator.comparingLong(Event::tid).thenComparingDouble(Event::start)
                .thenComparing(Comparator.comparingDouble(Event::end).reversed()));
        Map<String, double[]> byKind = new LinkedHashMap<>();
        long tid = Long.MIN_VALUE;
        double openUntil = Double.NEGATIVE_INFINITY;
        for (Event e : list) {
            if (e.tid() != tid) {
                tid = e.tid();
                openUntil = Double.NEGATIVE_INFINITY;
            }
            if (e.start() < openUntil) {
                continue; // inside an outermost event already counted
            }
            openUntil = e.end();
            boolean backward = e.name().startsWith(BACKWARD);
            double[] acc = byKind.computeIfAbsent(kind(e.name()), k -> new double[4]);
            acc[backward ? 1 : 0] += (e.end() - e.start()) / 1000.0;
            acc[backward ? 3 : 2] += 1;
        }
        List<Row> rows = new ArrayList<>();
        byKind.forEach((k, a) -> rows.add(new Row(k, a[0] / steps, a[1] / steps, a[2] / steps, a[3] / steps)));
        rows.sort(Comparator.comparingDouble(Row::totalMs).reversed());
        return new OpProfile(rows);
    }

    /** The op kind of an event: forward ops and their backward functions map to one name. */
    static String kind(String event) {
        String n = event.startsWith(BACKWARD) ? event.substring(BACKWARD.length()) : event;
        n = n.replaceFirst("^aten::", "").replaceFirst("^torch::autograd::", "");
        n = n.replaceFirst("Backward\\d*$", "").toLowerCase(Locale.ROOT);
        return switch (n) {
            case "conv2d", "convolution", "_convolution", "mkldnnconvolution" -> "convolution";
            case "batch_norm", "nativebatchnorm", "native_batch_norm" -> "batch_norm";
            case "avg_pool2d", "avgpool2d" -> "avg_pool2d";
            case "max_pool2d", "maxpool2d", "max_pool2d_with_indices", "maxpool2dwithindices" -> "max_pool2d";
            case "relu", "clamp_min" -> "relu";
            case "mul", "mul_" -> "mul";
            case "add", "add_" -> "add";
            case "cat", "split", "slice", "narrow" -> "cat/split/slice";
            case "accumulategrad" -> "gradient accumulation";
            default -> n;
        };
    }

    /** A Markdown table of the kinds that take at least {@code minShare} of the time, the rest summed. */
    public String table(double minShare) {
        StringBuilder b = new StringBuilder();
        b.append("| op kind | forward ms/step | backward ms/step | share | calls/step (fwd / bwd) |\n");
        b.append("|---|---:|---:|---:|---:|\n");
        double restF = 0;
        double restB = 0;
        for (Row r : rows) {
            if (r.totalMs() / totalMs < minShare) {
                restF += r.forwardMs();
                restB += r.backwardMs();
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f%% | %.0f / %.0f |%n", r.kind(), r.forwardMs(),
                    r.backwardMs(), 100 * r.totalMs() / totalMs, r.forwardCalls(), r.backwardCalls()));
        }
        b.append(String.format(Locale.ROOT, "| everything else | %.1f | %.1f | %.1f%% | |%n", restF, restB,
                100 * (restF + restB) / totalMs));
        b.append(String.format(Locale.ROOT, "| **total** | | | **%.1f ms/step** | |%n", totalMs));
        return b.toString();
    }
}
