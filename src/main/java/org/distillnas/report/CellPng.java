package org.distillnas.report;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import org.distillnas.report.CellLayout.Box;
import org.distillnas.report.CellLayout.PlacedEdge;
import org.distillnas.report.CellLayout.PlacedNode;
import org.distillnas.report.CellLayout.Point;

/**
 * A {@link CellLayout} drawn with Java2D, the same picture as {@link CellSvg} draws, for the PNGs
 * of a run folder.
 */
final class CellPng {
    static {
        // Must happen before AWT starts; servers and CI machines have no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Pixels per layout unit: twice the layout's size keeps small labels sharp when zoomed. */
    static final int SCALE = 2;

    private static final double ARROW_LENGTH = 10;
    private static final double ARROW_HALF_WIDTH = 4;

    private CellPng() {}

    static BufferedImage render(CellLayout layout) {
        BufferedImage image = new BufferedImage(layout.width() * SCALE, layout.height() * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(ChartTheme.BACKGROUND);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(SCALE, SCALE);
            g.setColor(ChartTheme.TEXT);
            g.setFont(ChartTheme.font(Font.BOLD, CellLayout.TITLE_TEXT));
            g.drawString(layout.graph().title(), (float) layout.margin(), (float) layout.titleBaseline());
            // Same order as the SVG: edges, then labels over them, then nodes on top.
            for (PlacedEdge e : layout.edges()) {
                edge(g, e);
            }
            for (PlacedEdge e : layout.edges()) {
                if (e.label() != null) {
                    label(g, e);
                }
            }
            for (PlacedNode n : layout.nodes()) {
                node(g, n);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void edge(Graphics2D g, PlacedEdge e) {
        g.setColor(CellSvg.edgeColor(e));
        Point s = e.start();
        Point c = e.control();
        Point t = e.end();
        // End the line where the arrowhead starts, so its butt does not blunt the tip.
        double dx = t.x() - c.x();
        double dy = t.y() - c.y();
        double len = Math.hypot(dx, dy);
        double ux = len == 0 ? 1 : dx / len;
        double uy = len == 0 ? 0 : dy / len;
        g.setStroke(new BasicStroke(e.label() == null ? 1.2f : 1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(s.x(), s.y(), c.x(), c.y(), t.x() - ux * ARROW_LENGTH * 0.6,
                t.y() - uy * ARROW_LENGTH * 0.6));
        Path2D head = new Path2D.Double();
        head.moveTo(t.x(), t.y());
        head.lineTo(t.x() - ux * ARROW_LENGTH - uy * ARROW_HALF_WIDTH, t.y() - uy * ARROW_LENGTH + ux * ARROW_HALF_WIDTH);
        head.lineTo(t.x() - ux * ARROW_LENGTH + uy * ARROW_HALF_WIDTH, t.y() - uy * ARROW_LENGTH - ux * ARROW_HALF_WIDTH);
        head.closePath();
        g.fill(head);
    }

    private static void label(Graphics2D g, PlacedEdge e) {
        Box b = e.label();
        RoundRectangle2D box = new RoundRectangle2D.Double(b.left(), b.top(), b.w(), b.h(), 8, 8);
        g.setColor(ChartTheme.BACKGROUND);
        g.fill(box);
        g.setColor(CellSvg.edgeColor(e));
        g.setStroke(new BasicStroke(1f));
        g.draw(box);
        g.setColor(ChartTheme.TEXT);
        g.setFont(ChartTheme.font(Font.PLAIN, CellLayout.LABEL_TEXT));
        centred(g, e.link().op(), b.cx(), b.cy());
    }

    private static void node(Graphics2D g, PlacedNode n) {
        Box b = n.box();
        RoundRectangle2D box = new RoundRectangle2D.Double(b.left(), b.top(), b.w(), b.h(), 12, 12);
        g.setColor(CellSvg.fill(n.node().kind()));
        g.fill(box);
        g.setColor(ChartTheme.CELL_LINE);
        g.setStroke(new BasicStroke(1f));
        g.draw(box);
        g.setColor(ChartTheme.TEXT);
        String[] text = CellLayout.splitSubscript(n.node().label());
        Font base = ChartTheme.font(Font.PLAIN, CellLayout.NODE_TEXT);
        if (text[1] == null) {
            g.setFont(base);
            centred(g, text[0], b.cx(), b.cy());
            return;
        }
        Font sub = ChartTheme.font(Font.PLAIN, CellLayout.SUB_TEXT);
        FontMetrics bm = g.getFontMetrics(base);
        double width = bm.getStringBounds(text[0], g).getWidth() + g.getFontMetrics(sub).getStringBounds(text[1], g).getWidth();
        float x = (float) (b.cx() - width / 2);
        float baseline = (float) (b.cy() + (bm.getAscent() - bm.getDescent()) / 2.0);
        g.setFont(base);
        g.drawString(text[0], x, baseline);
        g.setFont(sub);
        // lowered as the SVG's tspan dy is
        g.drawString(text[1], x + (float) bm.getStringBounds(text[0], g).getWidth(), baseline + 4);
    }

    /** Draws {@code text} in the current font centred on (cx, cy). */
    private static void centred(Graphics2D g, String text, double cx, double cy) {
        FontMetrics fm = g.getFontMetrics();
        double w = fm.getStringBounds(text, g).getWidth();
        g.drawString(text, (float) (cx - w / 2), (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
    }
}
