package org.distillnas.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distillnas.report.ChartTheme;
import org.distillnas.report.ExperimentReport;
import org.distillnas.report.RunRecord;
import org.distillnas.report.SamplingReport;
import org.distillnas.report.SamplingRunRecord;
import org.distillnas.util.BadInputException;

/**
 * Several runs side by side: {@code compare}'s tables once every run has finished, and the data of
 * its plots (op shares and retrained accuracy per configuration, sharpness per epoch, or the
 * evolution fronts of sampling searches), plus each run's validation curve, which also works while
 * the runs are going.
 */
final class CompareView {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CompareView() {}

    static ObjectNode of(List<Path> dirs) {
        List<String> warnings = new ArrayList<>();
        ObjectNode view = NODES.objectNode();
        view.put("type", "compare");
        view.put("title", "Comparison of " + dirs.size() + (dirs.size() == 1 ? " run" : " runs"));
        ArrayNode runs = view.putArray("runs");
        int sampling = 0;
        boolean allFinished = true;
        for (Path dir : dirs) {
            // only what the page compares: not the run's cell drawings and alphas, which it would
            // rebuild for every run at every poll of the dashboard
            List<String> runWarnings = new ArrayList<>();
            ObjectNode run = RunView.basics(dir, Instant.now(), RunState.DEFAULT_STALE_AFTER, runWarnings);
            ObjectNode evolve = EvolveView.of(dir, runWarnings);
            ObjectNode r = runs.addObject();
            r.put("id", run.path("id").asText());
            r.put("kind", run.path("kind").asText());
            JsonNode config = run.path("config");
            r.put("label", run.path("kind").asText().equals("search") ? RunRecord.label(config) : run.path("method").asText());
            r.put("seed", run.path("seed").asLong());
            boolean finished = !run.path("summary").isNull() && !run.path("summary").isMissingNode();
            r.put("finished", finished);
            r.set("metrics", run.path("metrics"));
            if (evolve != null) {
                r.set("fronts", evolve.path("fronts"));
            }
            sampling += run.path("kind").asText().equals("sampling") ? 1 : 0;
            allFinished &= finished;
            runWarnings.forEach(w -> warnings.add(r.path("id").asText() + ": " + w));
        }
        String family = sampling == 0 ? "search" : sampling == dirs.size() ? "sampling" : "mixed";
        view.put("family", family);
        if (family.equals("mixed")) {
            view.put("table_note", "compare's table needs runs of one family: these mix sampling and differentiable searches");
        } else if (!allFinished) {
            view.put("table_note", "compare's table appears when every run has finished");
        } else {
            tables(view, dirs, family, warnings);
        }
        ArrayNode w = view.putArray("warnings");
        warnings.forEach(w::add);
        view.set("theme", ChartTheme.toJson());
        return view;
    }

    /** The tables {@code distillnas compare} prints, and per configuration the data of its bar charts. */
    private static void tables(ObjectNode view, List<Path> dirs, String family, List<String> warnings) {
        try {
            if (family.equals("sampling")) {
                List<SamplingRunRecord> records = new ArrayList<>();
                dirs.forEach(d -> records.add(SamplingRunRecord.read(d)));
                view.set("tables", MarkdownBlocks.of(new SamplingReport(records).markdown()));
                return;
            }
            List<RunRecord> records = new ArrayList<>();
            for (Path d : dirs) {
                if (Files.isRegularFile(d.resolve("genotype.json"))) {
                    records.add(RunRecord.read(d));
                }
            }
            ExperimentReport report = new ExperimentReport(records);
            view.set("tables", MarkdownBlocks.of(report.markdown()));
            ArrayNode groups = view.putArray("groups");
            for (Map.Entry<String, List<RunRecord>> g : report.groups().entrySet()) {
                ObjectNode group = groups.addObject();
                group.put("label", g.getKey());
                group.put("runs", g.getValue().size());
                putMean(group, "skip_share", g.getValue().stream().mapToDouble(RunRecord::skipShare).toArray());
                putMean(group, "none_share", g.getValue().stream().mapToDouble(RunRecord::noneShare).toArray());
                putMean(group, "pool_share", g.getValue().stream().mapToDouble(RunRecord::poolShare).toArray());
                double[] test = g.getValue().stream().mapToDouble(RunRecord::testTop1).filter(Double::isFinite).toArray();
                putMean(group, "test_top1", test);
                if (test.length > 1) {
                    group.put("test_top1_sd", ExperimentReport.sd(test, ExperimentReport.mean(test)));
                }
            }
        } catch (BadInputException e) {
            warnings.add("compare's table cannot be made: " + e.getMessage());
        }
    }

    private static void putMean(ObjectNode into, String name, double[] values) {
        if (values.length == 0) {
            into.putNull(name);
        } else {
            into.put(name, ExperimentReport.mean(values));
        }
    }
}
