package org.distillnas.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;

/** A cell drawing as an image, from the same layout, colours and font as {@link CellSvg}. */
final class CellPng {
    static {
        // Must happen before AWT starts; servers and CI machines have no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Pixels per layout unit: twice the SVG's size, so the PNG stays sharp on a page. */
    private static final double SCALE = 2;

    private CellPng() {}

    static BufferedImage of(CellLayout layout) {
        BufferedImage image = new BufferedImage((int) Math.ceil(layout.width * SCALE), (int) Math.ceil(layout.height * SCALE),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(SCALE, SCALE);
            g.setColor(ChartTheme.BACKGROUND);
            g.fillRect(0, 0, (int) Math.ceil(layout.width), (int) Math.ceil(layout.height));
            Font font = ChartTheme.font(Font.PLAIN, ChartTheme.FONT_SIZE);
            g.setFont(font);
            for (CellLayout.Curve c : layout.concatFirst()) {
                Color color = c.op() == null ? ChartTheme.MUTED : ChartTheme.opColor(c.op());
                g.setColor(color);
                g.setStroke(new BasicStroke(c.op() == null ? 1.5f : 2.2f));
                g.draw(new QuadCurve2D.Double(c.x0(), c.y0(), c.cx(), c.cy(), c.x1(), c.y1()));
                double[] a = c.arrow();
                Path2D.Double arrow = new Path2D.Double();
                arrow.moveTo(a[0], a[1]);
                arrow.lineTo(a[2], a[3]);
                arrow.lineTo(a[4], a[5]);
                arrow.closePath();
                g.fill(arrow);
            }
            FontMetrics fm = g.getFontMetrics();
            for (CellLayout.Curve c : layout.edges) {
                if (c.op() != null) {
                    // the SVG's white halo: a background box behind the label
                    int w = fm.stringWidth(c.op());
                    g.setColor(ChartTheme.BACKGROUND);
                    g.fill(new RoundRectangle2D.Double(c.labelX() - w / 2.0 - 2, c.labelY() - fm.getAscent() / 2.0 - 3,
                            w + 4, fm.getAscent() + 5, 4, 4));
                    g.setColor(ChartTheme.opColor(c.op()).darker());
                    centred(g, c.op(), c.labelX(), c.labelY());
                }
            }
            g.setStroke(new BasicStroke(1.5f));
            for (CellLayout.Node n : layout.nodes) {
                double r = CellLayout.RADIUS;
                java.awt.Shape shape;
                if (n.boundary()) {
                    double w = Math.max(2 * r, 9 * n.label().length() + 14);
                    shape = new RoundRectangle2D.Double(n.x() - w / 2, n.y() - r, w, 2 * r, 12, 12);
                    g.setColor(new Color(0xf0f0f0));
                } else {
                    shape = new Ellipse2D.Double(n.x() - r, n.y() - r, 2 * r, 2 * r);
                    g.setColor(Color.WHITE);
                }
                g.fill(shape);
                g.setColor(ChartTheme.INK);
                g.draw(shape);
                centred(g, n.label(), n.x(), n.y());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void centred(Graphics2D g, String text, double x, double y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (float) (x - fm.stringWidth(text) / 2.0), (float) (y + (fm.getAscent() - fm.getDescent()) / 2.0));
    }
}
