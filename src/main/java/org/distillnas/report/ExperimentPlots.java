package org.distillnas.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.distillnas.space.Primitives;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;

/** The plots of an {@link ExperimentReport}: op shares and accuracy per group, sharpness per epoch. */
public final class ExperimentPlots {
    private ExperimentPlots() {}

    /**
     * Two bar charts side by side: the mean share of skip / none / pooling ops in the genotypes of
     * each group (stacked), and the mean retrained test accuracy with the standard deviation.
     */
    public static void plotOpsAndAccuracy(Map<String, List<RunRecord>> groups, String title, Path out) {
        List<String> labels = new ArrayList<>(groups.keySet());
        CategoryChart ops = new CategoryChartBuilder().width(620).height(420).title(title + ": parameter-free ops")
                .xAxisTitle("configuration").yAxisTitle("share of the genotype's edges").build();
        ops.getStyler().setStacked(true);
        style(ops);
        // the ops' own colours, as in the alpha plots and cell drawings; pooling as average pooling
        addBars(ops, Primitives.SKIP, labels, groups, RunRecord::skipShare, 1, ChartTheme.opColor(Primitives.SKIP));
        addBars(ops, Primitives.NONE, labels, groups, RunRecord::noneShare, 1, ChartTheme.opColor(Primitives.NONE));
        addBars(ops, "pooling", labels, groups, RunRecord::poolShare, 1, ChartTheme.opColor(Primitives.AVG_POOL_3X3));
        ops.getStyler().setYAxisMin(0.0);
        ops.getStyler().setYAxisMax(1.0);

        CategoryChart acc = new CategoryChartBuilder().width(620).height(420).title(title + ": retrained test accuracy")
                .xAxisTitle("configuration").yAxisTitle("test top-1 %").build();
        style(acc);
        List<Double> means = new ArrayList<>();
        List<Double> sds = new ArrayList<>();
        for (String l : labels) {
            double[] v = groups.get(l).stream().mapToDouble(RunRecord::testTop1).filter(Double::isFinite).map(x -> 100 * x).toArray();
            double m = v.length == 0 ? 0 : ExperimentReport.mean(v);
            means.add(m);
            sds.add(v.length < 2 ? 0 : ExperimentReport.sd(v, m));
        }
        CategorySeries s = acc.addSeries("test top-1 (mean ± sd)", labels, means, sds);
        s.setFillColor(ChartTheme.seriesColor(1));
        double lo = means.stream().filter(m -> m > 0).mapToDouble(Double::doubleValue).min().orElse(0);
        acc.getStyler().setYAxisMin(Math.max(0, Math.floor(lo / 10) * 10 - 10));

        java.awt.image.BufferedImage left = BitmapEncoder.getBufferedImage(ops);
        java.awt.image.BufferedImage right = BitmapEncoder.getBufferedImage(acc);
        java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = both.createGraphics();
        g.setColor(ChartTheme.BACKGROUND);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        ChartImages.writePng(both, out);
    }

    /** The sharpness per epoch, the mean over each group's runs, one line per group. */
    public static void plotSharpness(Map<String, List<RunRecord>> groups, String title, Path out) {
        XYChart chart = ChartImages.chart(760, 460, title, "epoch", "dominant Hessian eigenvalue (mean over seeds)", 13);
        int i = 0;
        for (Map.Entry<String, List<RunRecord>> e : groups.entrySet()) {
            int epochs = e.getValue().stream().mapToInt(r -> r.sharpness().size()).max().orElse(0);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int ep = 0; ep < epochs; ep++) {
                final int k = ep;
                double[] v = e.getValue().stream().filter(r -> r.sharpness().size() > k)
                        .mapToDouble(r -> r.sharpness().get(k)).filter(Double::isFinite).toArray();
                if (v.length > 0) {
                    x.add((double) ep);
                    y.add(ExperimentReport.mean(v));
                }
            }
            ChartImages.addSeries(chart, e.getKey(), x, y, ChartTheme.seriesColor(i++));
        }
        ChartImages.writePng(BitmapEncoder.getBufferedImage(ChartImages.hasData(chart) ? chart
                : ChartImages.placeholder(760, 460, title + " (no sharpness tracked)")), out);
    }

    private static void addBars(CategoryChart chart, String name, List<String> labels, Map<String, List<RunRecord>> groups,
            ToDoubleFunction<RunRecord> f, double scale, Color color) {
        List<Double> v = new ArrayList<>();
        for (String l : labels) {
            v.add(groups.get(l).stream().mapToDouble(f).filter(Double::isFinite).average().orElse(0) * scale);
        }
        chart.addSeries(name, labels, v).setFillColor(color);
    }

    private static void style(CategoryChart chart) {
        chart.getStyler().setChartBackgroundColor(ChartTheme.BACKGROUND);
        chart.getStyler().setPlotBackgroundColor(ChartTheme.BACKGROUND);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setPlotGridLinesColor(ChartTheme.GRID);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    }
}
