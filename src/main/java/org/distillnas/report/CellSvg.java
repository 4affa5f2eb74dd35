package org.distillnas.report;

import java.util.Locale;

/**
 * A cell drawing as SVG, for the HTML report and the dashboard: each edge a {@code path} of class
 * {@code edge} with its op in {@code data-op}, each node a {@code g} of class {@code node}, each op
 * label a {@code text} of class {@code op-label}. Everything taken from a genotype is XML-escaped.
 */
final class CellSvg {
    private CellSvg() {}

    static String of(CellLayout layout) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cell-drawing\" width=\"%.0f\""
                + " height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"%d\">",
                layout.width, layout.height, layout.width, layout.height, ChartTheme.FONT_SIZE));
        b.append("<title>").append(escape(layout.name)).append(" cell</title>");
        b.append(String.format(Locale.ROOT, "<rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/>",
                ChartTheme.hex(ChartTheme.BACKGROUND)));
        for (CellLayout.Curve c : layout.concatFirst()) {
            String color = ChartTheme.hex(c.op() == null ? ChartTheme.MUTED : ChartTheme.opColor(c.op()));
            b.append(String.format(Locale.ROOT, "<path class=\"edge%s\"%s d=\"M %.1f %.1f Q %.1f %.1f %.1f %.1f\""
                    + " fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"/>", c.op() == null ? " concat" : "",
                    c.op() == null ? "" : " data-op=\"" + escape(c.op()) + "\"", c.x0(), c.y0(), c.cx(), c.cy(), c.x1(),
                    c.y1(), color, c.op() == null ? "1.5" : "2.2"));
            double[] a = c.arrow();
            b.append(String.format(Locale.ROOT, "<polygon class=\"arrow\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\""
                    + " fill=\"%s\"/>", a[0], a[1], a[2], a[3], a[4], a[5], color));
        }
        for (CellLayout.Curve c : layout.edges) {
            if (c.op() != null) {
                // a white halo under the text keeps it readable where it crosses an edge
                b.append(String.format(Locale.ROOT, "<text class=\"op-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                        + " dominant-baseline=\"central\" fill=\"%s\" stroke=\"%s\" stroke-width=\"4\""
                        + " paint-order=\"stroke\">%s</text>", c.labelX(), c.labelY(),
                        ChartTheme.hex(ChartTheme.opColor(c.op()).darker()), ChartTheme.hex(ChartTheme.BACKGROUND),
                        escape(c.op())));
            }
        }
        for (CellLayout.Node n : layout.nodes) {
            b.append("<g class=\"node\">");
            if (n.boundary()) {
                double w = Math.max(2 * CellLayout.RADIUS, 9 * n.label().length() + 14);
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"6\""
                        + " fill=\"#f0f0f0\" stroke=\"%s\" stroke-width=\"1.5\"/>", n.x() - w / 2, n.y() - CellLayout.RADIUS,
                        w, 2 * CellLayout.RADIUS, ChartTheme.hex(ChartTheme.INK)));
            } else {
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#ffffff\""
                        + " stroke=\"%s\" stroke-width=\"1.5\"/>", n.x(), n.y(), CellLayout.RADIUS,
                        ChartTheme.hex(ChartTheme.INK)));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" dominant-baseline=\"central\""
                    + " fill=\"%s\">%s</text></g>", n.x(), n.y(), ChartTheme.hex(ChartTheme.INK), escape(n.label())));
        }
        return b.append("</svg>").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
