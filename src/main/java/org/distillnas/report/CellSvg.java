package org.distillnas.report;

import java.awt.Color;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.distillnas.report.CellGraph.Kind;
import org.distillnas.report.CellLayout.PlacedEdge;
import org.distillnas.report.CellLayout.PlacedNode;
import org.distillnas.report.CellLayout.Point;
import org.distillnas.util.Markup;

/**
 * A {@link CellLayout} as a standalone SVG document, to embed in the HTML report and the dashboard
 * or to open on its own.
 *
 * <p>Elements carry classes and data attributes so that a page can style them or find an op's
 * edges: {@code path.edge[data-op]} for the op edges, {@code path.concat} for the edges into the
 * output, {@code g.node[data-node]} for the nodes and {@code text.op-label} for the op names.
 * Arrowhead markers are named by colour only ({@code distillnas-arrow-rrggbb}): when several
 * drawings are inlined into one page, a repeated id then always names the same marker.
 */
final class CellSvg {
    private CellSvg() {}

    static String render(CellLayout layout) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cell-drawing\" data-cell=\"")
                .append(Markup.escape(layout.graph().name())).append("\" width=\"").append(layout.width())
                .append("\" height=\"").append(layout.height()).append("\" viewBox=\"0 0 ").append(layout.width())
                .append(' ').append(layout.height()).append("\" font-family=\"sans-serif\" font-size=\"")
                .append(CellLayout.NODE_TEXT).append("\">\n");
        svg.append("<title>").append(Markup.escape(layout.graph().title())).append("</title>\n");
        markers(svg, layout);
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"").append(ChartTheme.hex(ChartTheme.BACKGROUND)).append("\"/>\n");
        svg.append("<text class=\"cell-title\" x=\"").append(num(layout.margin())).append("\" y=\"")
                .append(num(layout.titleBaseline())).append("\" font-size=\"").append(CellLayout.TITLE_TEXT)
                .append("\" font-weight=\"bold\" fill=\"").append(ChartTheme.hex(ChartTheme.TEXT)).append("\">")
                .append(Markup.escape(layout.graph().title())).append("</text>\n");
        // Edges under labels under nodes: a label's white box hides the edges crossing it.
        for (PlacedEdge e : layout.edges()) {
            edge(svg, e);
        }
        for (PlacedEdge e : layout.edges()) {
            if (e.label() != null) {
                label(svg, e);
            }
        }
        for (PlacedNode n : layout.nodes()) {
            node(svg, n);
        }
        return svg.append("</svg>\n").toString();
    }

    /** One arrowhead marker per edge colour; markers cannot take the colour of the path using them in SVG 1.1. */
    private static void markers(StringBuilder svg, CellLayout layout) {
        Set<String> colors = new TreeSet<>();
        layout.edges().forEach(e -> colors.add(ChartTheme.hex(edgeColor(e))));
        svg.append("<defs>\n");
        for (String c : colors) {
            svg.append("<marker id=\"").append(markerId(c)).append("\" viewBox=\"0 0 10 8\" refX=\"10\" refY=\"4\"")
                    .append(" markerWidth=\"10\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">")
                    .append("<path d=\"M0,0 L10,4 L0,8 z\" fill=\"").append(c).append("\"/></marker>\n");
        }
        svg.append("</defs>\n");
    }

    private static void edge(StringBuilder svg, PlacedEdge e) {
        String color = ChartTheme.hex(edgeColor(e));
        svg.append("<path class=\"").append(e.label() == null ? "concat" : "edge").append('"');
        if (e.link().op() != null) {
            svg.append(" data-op=\"").append(Markup.escape(e.link().op())).append('"');
        }
        svg.append(" data-from=\"").append(e.link().from()).append("\" data-to=\"").append(e.link().to())
                .append("\" d=\"M").append(pt(e.start())).append(" Q").append(pt(e.control())).append(' ')
                .append(pt(e.end())).append("\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"")
                .append(e.label() == null ? "1.2" : "1.8").append("\" marker-end=\"url(#").append(markerId(color))
                .append(")\"/>\n");
    }

    private static void label(StringBuilder svg, PlacedEdge e) {
        CellLayout.Box b = e.label();
        String op = Markup.escape(e.link().op());
        svg.append("<rect class=\"op-label-box\" x=\"").append(num(b.left())).append("\" y=\"").append(num(b.top()))
                .append("\" width=\"").append(num(b.w())).append("\" height=\"").append(num(b.h()))
                .append("\" rx=\"4\" fill=\"").append(ChartTheme.hex(ChartTheme.BACKGROUND)).append("\" stroke=\"")
                .append(ChartTheme.hex(edgeColor(e))).append("\"/>\n");
        svg.append("<text class=\"op-label\" data-op=\"").append(op).append("\" x=\"").append(num(b.cx()))
                .append("\" y=\"").append(num(b.cy())).append("\" font-size=\"").append(CellLayout.LABEL_TEXT)
                .append("\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"")
                .append(ChartTheme.hex(ChartTheme.TEXT)).append("\">").append(op).append("</text>\n");
    }

    private static void node(StringBuilder svg, PlacedNode n) {
        CellLayout.Box b = n.box();
        String[] text = CellLayout.splitSubscript(n.node().label());
        svg.append("<g class=\"node\" data-node=\"").append(Markup.escape(n.node().label())).append("\">")
                .append("<rect x=\"").append(num(b.left())).append("\" y=\"").append(num(b.top()))
                .append("\" width=\"").append(num(b.w())).append("\" height=\"").append(num(b.h()))
                .append("\" rx=\"6\" fill=\"").append(ChartTheme.hex(fill(n.node().kind()))).append("\" stroke=\"")
                .append(ChartTheme.hex(ChartTheme.CELL_LINE)).append("\"/>")
                .append("<text x=\"").append(num(b.cx())).append("\" y=\"").append(num(b.cy()))
                .append("\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"")
                .append(ChartTheme.hex(ChartTheme.TEXT)).append("\">").append(Markup.escape(text[0]));
        if (text[1] != null) {
            // dy rather than baseline-shift, which not every browser honours
            svg.append("<tspan dy=\"4\" font-size=\"").append(CellLayout.SUB_TEXT).append("\">")
                    .append(Markup.escape(text[1])).append("</tspan>");
        }
        svg.append("</text></g>\n");
    }

    static Color edgeColor(PlacedEdge e) {
        return e.link().op() == null ? ChartTheme.CELL_LINE : ChartTheme.opColor(e.link().op());
    }

    static Color fill(Kind kind) {
        return switch (kind) {
            case INPUT -> ChartTheme.CELL_INPUT;
            case INTERMEDIATE -> ChartTheme.CELL_NODE;
            case OUTPUT -> ChartTheme.CELL_OUTPUT;
        };
    }

    private static String markerId(String hexColor) {
        return "distillnas-arrow-" + hexColor.substring(1);
    }

    private static String pt(Point p) {
        return num(p.x()) + "," + num(p.y());
    }

    /** One decimal is finer than a pixel; the root locale keeps the decimal point a point. */
    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
