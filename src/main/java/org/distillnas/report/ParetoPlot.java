package org.distillnas.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code pareto.png} of an evolutionary search: accuracy against MFLOPs (millions of
 * multiply-adds), every evaluated subnet as a faint dot and each method's non-dominated front as a
 * line, with the budgets as dashed vertical lines. Plain numbers in, so the report package does
 * not depend on the search.
 */
public final class ParetoPlot {
    static {
        // Must happen before AWT starts; servers and CI machines have no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Points of one method: x in MFLOPs, y in percent. */
    public record Points(List<Double> mflops, List<Double> accuracyPercent) {}

    private static final int WIDTH = 860;
    private static final int HEIGHT = 560;
    private static final DecimalFormatSymbols ROOT_SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private ParetoPlot() {}

    /**
     * @param evaluated every evaluated point of each method (by method name, in legend order)
     * @param fronts each method's non-dominated front, by increasing MFLOPs
     * @param budgetsM the budgets, drawn as vertical lines
     */
    public static void write(Path file, String title, Map<String, Points> evaluated, Map<String, Points> fronts,
            List<Double> budgetsM) {
        XYChart chart = frontChart(title);
        Map<String, Color> colors = new LinkedHashMap<>();
        int i = 0;
        for (String method : evaluated.keySet()) {
            colors.put(method, ChartTheme.seriesColor(i++));
        }
        for (Map.Entry<String, Points> e : evaluated.entrySet()) {
            Color c = colors.get(e.getKey());
            if (e.getValue().mflops().isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey() + ": evaluated", e.getValue().mflops(), e.getValue().accuracyPercent());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        }
        for (Map.Entry<String, Points> e : fronts.entrySet()) {
            if (e.getValue().mflops().isEmpty()) {
                continue;
            }
            Color c = colors.getOrDefault(e.getKey(), ChartTheme.TEXT);
            XYSeries s = chart.addSeries(e.getKey() + ": Pareto front", e.getValue().mflops(), e.getValue().accuracyPercent());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setLineStyle(new BasicStroke(2f));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        addBudgets(chart, budgetsM);
        if (!ChartImages.hasData(chart)) {
            chart = ChartImages.placeholder(WIDTH, HEIGHT, title);
        }
        ChartImages.writePng(ChartImages.compose(title, Map.of(), List.of(chart), 1), file);
    }

    /**
     * Several searches' fronts on one plot: a colour per group (e.g. a method), a line per search
     * (e.g. a seed), the first of a group named in the legend.
     */
    public static void writeFronts(Path file, String title, Map<String, List<Points>> fronts, List<Double> budgetsM) {
        XYChart chart = frontChart(title);
        int g = 0;
        for (Map.Entry<String, List<Points>> e : fronts.entrySet()) {
            Color c = ChartTheme.seriesColor(g++);
            int lines = 0;
            for (Points p : e.getValue()) {
                if (p.mflops().isEmpty()) {
                    continue;
                }
                // series names must be unique; only the group's first line is in the legend
                XYSeries s = chart.addSeries(e.getKey() + (lines == 0 ? "" : " #" + (lines + 1)), p.mflops(),
                        p.accuracyPercent());
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setLineColor(c);
                s.setMarkerColor(c);
                s.setLineStyle(new BasicStroke(1.5f));
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setShowInLegend(lines++ == 0);
            }
        }
        addBudgets(chart, budgetsM);
        if (!ChartImages.hasData(chart)) {
            chart = ChartImages.placeholder(WIDTH, HEIGHT, title);
        }
        ChartImages.writePng(ChartImages.compose(title, Map.of(), List.of(chart), 1), file);
    }

    private static XYChart frontChart(String title) {
        XYChart chart = ChartImages.chart(WIDTH, HEIGHT, title, "MFLOPs (millions of multiply-adds)", "accuracy (%)", 13);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(5);
        // the page title above says it already
        chart.getStyler().setChartTitleVisible(false);
        // MFLOPs are fractional on small spaces: label them as such, not as whole epochs
        chart.getStyler().setxAxisTickLabelsFormattingFunction(new DecimalFormat("0.##", ROOT_SYMBOLS)::format);
        return chart;
    }

    /** Each budget as a dashed vertical line across the accuracy range of the points. */
    private static void addBudgets(XYChart chart, List<Double> budgetsM) {
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                yMin = Math.min(yMin, y);
                yMax = Math.max(yMax, y);
            }
        }
        if (!Double.isFinite(yMin)) {
            return;
        }
        for (double b : budgetsM) {
            List<Double> xs = new ArrayList<>(List.of(b, b));
            XYSeries s = chart.addSeries("budget " + new DecimalFormat("0.##", ROOT_SYMBOLS).format(b) + " M", xs,
                    List.of(yMin, yMax));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(ChartTheme.REFERENCE);
            s.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
    }
}
