package org.distillnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.util.BadInputException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * The plots of a search run folder: how the architecture weights moved ({@code alphas-<cell>.png}),
 * the loss and accuracy curves ({@code curves.png}) and the cells found ({@code cell-<cell>.png}).
 *
 * <p>Works without a display: AWT is switched to headless mode unless the caller chose otherwise.
 */
public final class SearchPlots {
    static {
        // Must happen before AWT starts; servers and CI machines have no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final int EDGE_WIDTH = 340;
    private static final int EDGE_HEIGHT = 250;
    private static final int CURVE_WIDTH = 620;
    private static final int CURVE_HEIGHT = 440;

    private SearchPlots() {}

    /**
     * Writes {@code alphas-<cell>.png} into {@code outDir} for each cell of {@code alphasJsonl}: one
     * small chart per edge (titled with the edge) of each op's probability against the epoch.
     * An op has the same colour in every chart of every cell and run ({@link ChartTheme#opColor}). Returns the files written.
     */
    public static List<Path> plotAlphas(Path alphasJsonl, Path outDir) {
        AlphaHistory history = AlphaHistory.read(alphasJsonl);
        List<Path> written = new ArrayList<>();
        for (var cell : history.cells().entrySet()) {
            Set<String> ops = new LinkedHashSet<>();
            List<XYChart> charts = new ArrayList<>();
            for (var edge : cell.getValue().entrySet()) {
                // No axis titles on the small charts: the page title says what x and y are.
                XYChart chart = ChartImages.chart(EDGE_WIDTH, EDGE_HEIGHT, edge.getKey(), null, null, 11);
                chart.getStyler().setLegendVisible(false);
                // A fixed 0..1 axis shows how decided an edge is, and compares edges fairly.
                chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
                chart.getStyler().setXAxisMaxLabelCount(8);
                for (var op : edge.getValue().entrySet()) {
                    ops.add(op.getKey());
                    Color c = ChartTheme.opColor(op.getKey());
                    ChartImages.addSeries(chart, op.getKey(), op.getValue().epochs(), op.getValue().probs(), c);
                }
                charts.add(ChartImages.hasData(chart) ? chart
                        : ChartImages.placeholder(EDGE_WIDTH, EDGE_HEIGHT, edge.getKey()));
            }
            if (charts.isEmpty()) {
                continue;
            }
            Map<String, Color> legend = new LinkedHashMap<>();
            ChartTheme.orderOps(ops).forEach(op -> legend.put(op, ChartTheme.opColor(op)));
            int columns = (int) Math.ceil(Math.sqrt(charts.size()));
            String title = "Cell '" + cell.getKey() + "': probability of each op (softmax of alpha) per edge, by epoch";
            Path file = outDir.resolve("alphas-" + fileSafe(cell.getKey()) + ".png");
            ChartImages.writePng(ChartImages.compose(title, legend, charts, columns), file);
            written.add(file);
        }
        return written;
    }

    /**
     * Writes {@code outFile} (normally {@code curves.png}): train and validation loss, and train
     * and validation accuracy in percent, against the epoch, side by side. Only records with
     * {@code "type": "epoch"} are used.
     */
    public static void plotCurves(Path metricsJsonl, Path outFile) {
        TreeMap<Integer, JsonNode> epochs = epochLines(metricsJsonl);
        XYChart loss = curveChart("Loss", "loss");
        addCurve(loss, "train", epochs, "train_loss", 1, ChartTheme.TRAIN);
        addCurve(loss, "validation", epochs, "val_loss", 1, ChartTheme.VAL);
        XYChart acc = curveChart("Accuracy", "accuracy (%)");
        addCurve(acc, "train", epochs, "train_acc", 100, ChartTheme.TRAIN);
        addCurve(acc, "validation", epochs, "val_acc", 100, ChartTheme.VAL);
        ChartImages.anchorSparseY(loss, 0, null);
        ChartImages.anchorSparseY(acc, 0, 100.0);
        List<XYChart> charts = new ArrayList<>();
        for (XYChart c : List.of(loss, acc)) {
            charts.add(ChartImages.hasData(c) ? c : ChartImages.placeholder(CURVE_WIDTH, CURVE_HEIGHT, c.getTitle()));
        }
        String title = "Search curves (" + epochs.size() + " epoch" + (epochs.size() == 1 ? ")" : "s)");
        ChartImages.writePng(ChartImages.compose(title, Map.of(), charts, 2), outFile);
    }

    private static XYChart curveChart(String title, String yTitle) {
        XYChart chart = ChartImages.chart(CURVE_WIDTH, CURVE_HEIGHT, title, "epoch", yTitle, 13);
        // Below the plot, so it never hides a curve (accuracy rises into the top right corner).
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    private static void addCurve(XYChart chart, String name, Map<Integer, JsonNode> epochs, String field,
            double scale, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        epochs.forEach((epoch, r) -> {
            // Missing or non-numeric values (e.g. validation logged every few epochs) are skipped;
            // textual "NaN" from a diverged run parses to NaN and is dropped when drawing.
            JsonNode v = r.get(field);
            if (v != null && (v.isNumber() || v.isTextual())) {
                x.add((double) epoch);
                y.add(v.asDouble(Double.NaN) * scale);
            }
        });
        ChartImages.addSeries(chart, name, x, y, color);
    }

    /**
     * Writes {@code cell-<name>.png} into {@code outDir} for each cell of {@code genotype}
     * ({@link CellDrawing}); a subnet has no cell, so nothing is written for it. Returns the files
     * written.
     */
    public static List<Path> plotCells(Genotype genotype, Path outDir) {
        List<Path> written = new ArrayList<>();
        for (CellDrawing drawing : CellDrawing.of(genotype)) {
            Path file = outDir.resolve("cell-" + fileSafe(drawing.name()) + ".png");
            drawing.writePng(file);
            written.add(file);
        }
        return written;
    }

    /** Cell names become file names; keep them to characters every file system accepts. */
    private static String fileSafe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safe.isEmpty() ? "cell" : safe;
    }

    /**
     * One epoch metric (e.g. {@code sharpness}) against the epoch, as a single line chart.
     */
    public static void plotMetric(Path metricsJsonl, String key, String title, Path outFile) {
        TreeMap<Integer, JsonNode> epochs = epochLines(metricsJsonl);
        XYChart chart = curveChart(title, key);
        addCurve(chart, key, epochs, key, 1, ChartTheme.VAL);
        List<XYChart> charts = List.of(ChartImages.hasData(chart) ? chart : ChartImages.placeholder(CURVE_WIDTH, CURVE_HEIGHT, title));
        ChartImages.writePng(ChartImages.compose(title, Map.of(), charts, 1), outFile);
    }

    /** The epoch lines by epoch number, so that a repeated epoch (resumed run without truncation) counts once. */
    static TreeMap<Integer, JsonNode> epochLines(Path metricsJsonl) {
        TreeMap<Integer, JsonNode> epochs = new TreeMap<>();
        for (JsonlWriter.Line line : JsonlWriter.readLines(metricsJsonl)) {
            JsonNode r = line.record();
            if (!"epoch".equals(r.path("type").asText())) {
                continue;
            }
            JsonNode epoch = r.get("epoch");
            if (epoch == null || !epoch.isIntegralNumber() || !epoch.canConvertToInt()) {
                throw new BadInputException(metricsJsonl + " line " + line.number() + ": \"epoch\" is " + epoch
                        + ", expected an integer");
            }
            epochs.put(epoch.intValue(), r);
        }
        if (epochs.isEmpty()) {
            throw new BadInputException(metricsJsonl + ": no records with \"type\": \"epoch\", so there are no curves to plot");
        }
        return epochs;
    }
}
