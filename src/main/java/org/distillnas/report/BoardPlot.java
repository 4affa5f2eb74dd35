package org.distillnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Cream's prioritized path board over a search, from the {@code board} arrays of the epoch lines of
 * {@code metrics.jsonl}: the best, mean and worst entry's score, and the cheapest, mean and costliest
 * entry's multiply-adds, per epoch. A board that rises in score while falling in cost is doing what
 * Cream means it to do.
 */
public final class BoardPlot {
    private static final int WIDTH = 620;
    private static final int HEIGHT = 420;
    // blue, green and red of the theme's palette: high and low stand apart, the mean between
    private static final Color HIGH = ChartTheme.seriesColor(0);
    private static final Color MEAN = ChartTheme.seriesColor(2);
    private static final Color LOW = ChartTheme.seriesColor(3);

    private BoardPlot() {}

    /** Writes the plot; epochs before the board's first entry are left out. */
    public static void plot(Path metricsJsonl, Path outFile) {
        TreeMap<Integer, JsonNode> epochs = SearchPlots.epochLines(metricsJsonl);
        XYChart scores = chart("Board scores", "score (top-1 %)");
        XYChart cost = chart("Board cost", "M multiply-adds");
        add(scores, epochs, e -> e.path("score").asDouble(), true);
        add(cost, epochs, e -> e.path("mflops").asDouble(), false);
        List<XYChart> charts = new ArrayList<>();
        for (XYChart c : List.of(scores, cost)) {
            charts.add(ChartImages.hasData(c) ? c : ChartImages.placeholder(WIDTH, HEIGHT, c.getTitle()));
        }
        ChartImages.writePng(ChartImages.compose("Prioritized path board per epoch", Map.of(), charts, 2), outFile);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = ChartImages.chart(WIDTH, HEIGHT, title, "epoch", yTitle, 13);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    private static void add(XYChart chart, TreeMap<Integer, JsonNode> epochs, ToDoubleFunction<JsonNode> value,
            boolean highFirst) {
        List<Double> x = new ArrayList<>();
        List<Double> hi = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> lo = new ArrayList<>();
        epochs.forEach((epoch, line) -> {
            JsonNode board = line.path("board");
            if (!board.isArray() || board.isEmpty()) {
                return;
            }
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            double sum = 0;
            for (JsonNode e : board) {
                double v = value.applyAsDouble(e);
                max = Math.max(max, v);
                min = Math.min(min, v);
                sum += v;
            }
            x.add((double) epoch);
            hi.add(max);
            mean.add(sum / board.size());
            lo.add(min);
        });
        ChartImages.addSeries(chart, highFirst ? "best" : "costliest", x, hi, HIGH);
        ChartImages.addSeries(chart, "mean", x, mean, MEAN);
        ChartImages.addSeries(chart, highFirst ? "worst" : "cheapest", x, lo, LOW);
    }
}
