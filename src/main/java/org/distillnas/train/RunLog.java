package org.distillnas.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.report.JsonlWriter;
import org.distillnas.space.EdgeSpec;
import org.distillnas.supernet.Supernet;
import org.distillnas.step.StepContext;

/**
 * The run's JSONL logs: {@code metrics.jsonl} (step and epoch lines) and {@code alphas.jsonl}
 * (softmax(alpha) per edge, and normalised beta with edge normalisation, once per epoch). A checkpoint records both files' sizes; resuming cuts
 * them back to those sizes so no line is duplicated.
 */
public final class RunLog implements AutoCloseable {
    private final RunFiles files;
    private final JsonlWriter metrics;
    private JsonlWriter alphas;

    /**
     * @param metricsSize size to cut metrics.jsonl back to (resume), or -1 for a new run
     * @param alphasSize likewise for alphas.jsonl (0 when the run writes none)
     */
    RunLog(RunFiles files, long metricsSize, long alphasSize) {
        this.files = files;
        if (metricsSize >= 0 && java.nio.file.Files.exists(files.metrics())) {
            JsonlWriter.truncate(files.metrics(), metricsSize);
        }
        if (alphasSize >= 0 && java.nio.file.Files.exists(files.alphas())) {
            JsonlWriter.truncate(files.alphas(), alphasSize);
        }
        metrics = new JsonlWriter(files.metrics());
    }

    long metricsPosition() {
        return metrics.position();
    }

    long alphasPosition() {
        return alphas == null ? 0 : alphas.position();
    }

    void step(StepContext ctx, double trainLoss, double trainAcc, double archLoss) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "step");
        line.put("epoch", ctx.epoch() + 1);
        line.put("step", ctx.globalStep() + 1);
        line.put("loss", trainLoss);
        line.put("acc", trainAcc);
        line.put("arch_loss", Double.isNaN(archLoss) ? null : archLoss);
        line.put("lr", ctx.weightLr());
        metrics.write(line);
    }

    void epoch(EpochSummary s) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "epoch");
        line.put("epoch", s.epoch());
        line.put("train_loss", s.trainLoss());
        line.put("train_acc", s.trainAcc());
        line.put("arch_loss", Double.isNaN(s.archLoss()) ? null : s.archLoss());
        line.put("arch_acc", Double.isNaN(s.archAcc()) ? null : s.archAcc());
        line.put("val_loss", s.valLoss());
        line.put("val_acc", s.valAcc());
        line.put("val_top5", s.valTop5());
        line.put("lr", s.lr());
        line.put("seconds", s.seconds());
        line.put("genotype", s.genotype());
        if (s.extras() != null) {
            line.putAll(s.extras());
        }
        metrics.write(line);
    }

    /**
     * One alphas line: per cell type, per edge, the op probabilities, and with edge normalisation
     * the edge's normalised beta ({@code edge_weight}).
     */
    public void alphas(int epoch, long step, Supernet supernet) {
        Map<String, double[][]> probs = supernet.arch().probabilities();
        Map<String, double[]> edgeWeights = supernet.arch().edgeProbabilities();
        Map<String, Object> cells = new LinkedHashMap<>();
        supernet.space().cells().forEach((type, edges) -> {
            List<Object> rows = new ArrayList<>();
            double[][] p = probs.get(type);
            for (int e = 0; e < edges.size(); e++) {
                EdgeSpec spec = edges.get(e);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("edge", spec.label());
                row.put("ops", spec.ops());
                row.put("probs", p[e]);
                if (edgeWeights.containsKey(type)) {
                    row.put("edge_weight", edgeWeights.get(type)[e]);
                }
                rows.add(row);
            }
            cells.put(type, rows);
        });
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("epoch", epoch);
        line.put("step", step);
        line.put("cells", cells);
        if (alphas == null) {
            alphas = new JsonlWriter(files.alphas()); // only searches have alphas
        }
        alphas.write(line);
    }

    @Override
    public void close() {
        metrics.close();
        if (alphas != null) {
            alphas.close();
        }
    }
}
