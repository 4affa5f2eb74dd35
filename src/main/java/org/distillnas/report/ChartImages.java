package org.distillnas.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.distillnas.util.AtomicFiles;

/**
 * Draws XChart line charts and lays several of them out in one PNG: a title, an optional legend
 * shared by all charts, then the charts in a grid.
 *
 * <p>XChart can draw one chart per image only; composing with Graphics2D gives a compact page of
 * small charts, with one legend instead of one per chart.
 */
final class ChartImages {
    /** Up to this many points a series also gets markers, so one or a few epochs stay visible. */
    private static final int MARKERS_UP_TO = 30;

    private static final int TITLE_HEIGHT = 34;
    private static final Font TITLE_FONT = ChartTheme.font(Font.BOLD, ChartTheme.TITLE_SIZE);
    private static final Font LEGEND_FONT = ChartTheme.font(Font.PLAIN, ChartTheme.FONT_SIZE);

    // Fixed symbols: a German locale would otherwise print "0,5" on one machine and "0.5" on another.
    private static final DecimalFormatSymbols ROOT_SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private ChartImages() {}

    /**
     * An empty line chart with this project's look. x is the epoch, labelled with whole numbers
     * only; null axis titles leave the axis untitled.
     */
    static XYChart chart(int width, int height, String title, String xTitle, String yTitle, int fontSize) {
        XYChartBuilder builder = new XYChartBuilder().width(width).height(height).title(title);
        if (xTitle != null) {
            builder.xAxisTitle(xTitle);
        }
        if (yTitle != null) {
            builder.yAxisTitle(yTitle);
        }
        XYChart chart = builder.build();
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(ChartTheme.BACKGROUND);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(ChartTheme.font(Font.BOLD, fontSize + 1));
        s.setLegendFont(ChartTheme.font(Font.PLAIN, fontSize));
        s.setChartPadding(6);
        s.setAxisTitleFont(ChartTheme.font(Font.PLAIN, fontSize));
        s.setAxisTickLabelsFont(ChartTheme.font(Font.PLAIN, fontSize - 1));
        s.setPlotBackgroundColor(ChartTheme.BACKGROUND);
        s.setPlotGridLinesColor(ChartTheme.GRID);
        s.setPlotBorderColor(ChartTheme.AXIS);
        // XChart ticks every data point when the x values are equally spaced, and round steps
        // otherwise (e.g. validation every few epochs); on a short axis such steps fall between
        // epochs, so label whole numbers only instead of printing "1 1 2 2".
        s.setxAxisTickLabelsFormattingFunction(x -> Math.abs(x - Math.rint(x)) < 1e-9 ? String.valueOf(Math.round(x)) : "");
        // Tick values are computed in floating point; print 25.9, not 25.900000000000002.
        s.setyAxisTickLabelsFormattingFunction(y -> new DecimalFormat("0.####", ROOT_SYMBOLS).format(y));
        return chart;
    }

    /**
     * Adds a line series; a single point gets a widened x axis, since a zero-width axis range
     * cannot be drawn.
     */
    static void addSeries(XYChart chart, String name, List<Double> x, List<Double> y, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            // NaN or infinite values (a diverged run) would break the axis scaling; leave gaps.
            if (Double.isFinite(x.get(i)) && Double.isFinite(y.get(i))) {
                xs.add(x.get(i));
                ys.add(y.get(i));
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(new BasicStroke(1.8f));
        series.setMarker(xs.size() <= MARKERS_UP_TO ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        double min = xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        widenX(chart, min, max);
    }

    private static void widenX(XYChart chart, double min, double max) {
        Double lo = chart.getStyler().getXAxisMin();
        Double hi = chart.getStyler().getXAxisMax();
        lo = lo == null ? min : Math.min(lo, min);
        hi = hi == null ? max : Math.max(hi, max);
        if (hi - lo < 1) {
            double mid = (lo + hi) / 2;
            chart.getStyler().setXAxisMin(mid - 1).setXAxisMax(mid + 1);
        } else {
            chart.getStyler().setXAxisMin(lo).setXAxisMax(hi);
        }
    }

    /**
     * When every series has at most one point, or all y values are equal, XChart scales the y axis
     * to the points alone and shows one or two ticks; give such a chart a fixed floor, and
     * {@code ceiling} (or a little above the highest point when null), for a readable scale.
     */
    static void anchorSparseY(XYChart chart, double floor, Double ceiling) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int maxPoints = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            double[] y = series.getYData();
            maxPoints = Math.max(maxPoints, y.length);
            for (double v : y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (maxPoints == 0 || (maxPoints > 1 && hi - lo > 1e-12)) {
            return;
        }
        double top = ceiling != null ? Math.max(ceiling, hi) : hi > floor ? hi * 1.2 : floor + 1;
        chart.getStyler().setYAxisMin(Math.min(floor, lo)).setYAxisMax(top);
    }

    /** Whether the chart has something to draw; XChart refuses to paint a chart without series. */
    static boolean hasData(XYChart chart) {
        return !chart.getSeriesMap().isEmpty();
    }

    /**
     * One image: {@code title} on top, then {@code legend} (name -> colour; may be empty), then the
     * charts row by row, {@code columns} per row. All charts must have the same size.
     */
    static BufferedImage compose(String title, Map<String, Color> legend, List<XYChart> charts, int columns) {
        int cw = charts.get(0).getWidth();
        int ch = charts.get(0).getHeight();
        int rows = (charts.size() + columns - 1) / columns;
        int width = cw * Math.min(columns, charts.size());

        // Lay the legend out first: its height depends on how many rows its entries wrap into.
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        List<int[]> slots = legendSlots(pg.getFontMetrics(LEGEND_FONT), legend, width);
        pg.dispose();
        int legendHeight = slots.isEmpty() ? 0 : slots.get(slots.size() - 1)[1] + 26;

        int top = TITLE_HEIGHT + legendHeight;
        BufferedImage image = new BufferedImage(width, top + rows * ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(ChartTheme.BACKGROUND);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(ChartTheme.TEXT);
            g.setFont(TITLE_FONT);
            FontMetrics tm = g.getFontMetrics();
            g.drawString(title, Math.max(8, (width - tm.stringWidth(title)) / 2), 8 + tm.getAscent());
            drawLegend(g, legend, slots, TITLE_HEIGHT);
            for (int i = 0; i < charts.size(); i++) {
                BufferedImage img = BitmapEncoder.getBufferedImage(charts.get(i));
                g.drawImage(img, (i % columns) * cw, top + (i / columns) * ch, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Top-left corners (x, y) of each legend entry, wrapping to a new row when one is full. */
    private static List<int[]> legendSlots(FontMetrics fm, Map<String, Color> legend, int width) {
        List<int[]> slots = new ArrayList<>();
        int x = 12;
        int y = 4;
        for (String name : legend.keySet()) {
            int w = 30 + fm.stringWidth(name) + 22;
            if (x + w > width - 12 && x > 12) {
                x = 12;
                y += 22;
            }
            slots.add(new int[] {x, y});
            x += w;
        }
        return slots;
    }

    private static void drawLegend(Graphics2D g, Map<String, Color> legend, List<int[]> slots, int top) {
        g.setFont(LEGEND_FONT);
        FontMetrics fm = g.getFontMetrics();
        int i = 0;
        for (Map.Entry<String, Color> e : legend.entrySet()) {
            int x = slots.get(i)[0];
            int y = top + slots.get(i)[1];
            i++;
            int mid = y + 9;
            g.setColor(e.getValue());
            g.setStroke(new BasicStroke(2.5f));
            g.drawLine(x, mid, x + 24, mid);
            g.fillOval(x + 8, mid - 4, 8, 8);
            g.setColor(ChartTheme.TEXT);
            g.drawString(e.getKey(), x + 30, mid + fm.getAscent() / 2 - 1);
        }
    }

    /** A white placeholder of a chart's size saying why it is empty. */
    static XYChart placeholder(int width, int height, String title) {
        XYChart chart = chart(width, height, title + " (no data)", null, null, 12);
        // XChart needs one series to paint; an invisible point keeps the frame and title.
        XYSeries s = chart.addSeries(" ", new double[] {0}, new double[] {0});
        s.setLineColor(ChartTheme.BACKGROUND);
        s.setMarker(SeriesMarkers.NONE);
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /** Encodes {@code image} as PNG and writes it atomically, so a reader never sees half a file. */
    static void writePng(BufferedImage image, Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG encoder available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeBytes(file, bytes.toByteArray());
    }
}
