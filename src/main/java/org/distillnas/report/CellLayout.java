package org.distillnas.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.distillnas.report.CellGraph.Kind;
import org.distillnas.report.CellGraph.Link;
import org.distillnas.report.CellGraph.Node;

/**
 * Where everything of a cell drawing goes, in pixels, computed once so that the SVG and the PNG
 * show the same picture.
 *
 * <p>Nodes go left to right in layers: a node's column is the length of the longest path to it
 * from an input (inputs in column 0; a node that nothing feeds, e.g. behind "none" edges only, in
 * column 1), and a column's nodes are spread evenly around the middle, ordered by the mean row of
 * their predecessors so that fewer edges cross. Each edge is a quadratic curve with its label on
 * it; edges are placed one by one, shortest first, each taking the bend and label position that
 * overlap least with the nodes, labels and curves already placed (straight and centred when
 * nothing is in the way).
 *
 * <p>Text widths are estimated from the character count rather than measured, so the layout does
 * not depend on the fonts installed, and the same cell gives the same SVG on every machine.
 */
final class CellLayout {
    static final int NODE_TEXT = ChartTheme.FONT_SIZE;
    static final int SUB_TEXT = ChartTheme.FONT_SIZE - 3;
    static final int LABEL_TEXT = ChartTheme.FONT_SIZE - 1;
    static final int TITLE_TEXT = ChartTheme.FONT_SIZE + 1;

    private static final double NODE_HEIGHT = 34;
    private static final double NODE_MIN_WIDTH = 44;
    private static final double LABEL_HEIGHT = 18;
    private static final double ROW_GAP = 92;
    private static final double MARGIN = 16;
    private static final double TITLE_HEIGHT = 30;
    /** Gap between a node's border and the end of an edge, so arrowheads stay visible. */
    private static final double NODE_CLEARANCE = 2;
    /** Curve samples used to test what a curve passes through. */
    private static final int SAMPLES = 24;
    private static final double[] BENDS = {0, 30, -30, 60, -60, 90, -90, 125, -125, 165, -165, 210, -210, 260, -260};
    private static final double[] LABEL_AT = {0.5, 0.4, 0.6, 0.3, 0.7};

    /** A point in the drawing. */
    record Point(double x, double y) {}

    /** An axis-aligned box by its centre and size. */
    record Box(double cx, double cy, double w, double h) {
        double left() {
            return cx - w / 2;
        }

        double top() {
            return cy - h / 2;
        }

        boolean overlaps(Box o, double pad) {
            return Math.abs(cx - o.cx) < (w + o.w) / 2 + pad && Math.abs(cy - o.cy) < (h + o.h) / 2 + pad;
        }

        boolean contains(Point p, double pad) {
            return Math.abs(p.x - cx) < w / 2 + pad && Math.abs(p.y - cy) < h / 2 + pad;
        }

        Box shifted(double dx, double dy) {
            return new Box(cx + dx, cy + dy, w, h);
        }
    }

    /** A node at its place. */
    record PlacedNode(Node node, Box box) {}

    /** An edge as the curve from {@code start} through control point {@code control} to {@code end}; {@code label} is null for a concat edge. */
    record PlacedEdge(Link link, Point start, Point control, Point end, Box label) {
        Point at(double t) {
            double u = 1 - t;
            return new Point(u * u * start.x + 2 * u * t * control.x + t * t * end.x,
                    u * u * start.y + 2 * u * t * control.y + t * t * end.y);
        }

        PlacedEdge shifted(double dx, double dy) {
            return new PlacedEdge(link, new Point(start.x + dx, start.y + dy), new Point(control.x + dx, control.y + dy),
                    new Point(end.x + dx, end.y + dy), label == null ? null : label.shifted(dx, dy));
        }
    }

    private final CellGraph graph;
    private final List<PlacedNode> nodes;
    private final List<PlacedEdge> edges;
    private final double width;
    private final double height;

    CellLayout(CellGraph graph) {
        this.graph = graph;
        List<Box> boxes = placeNodes(graph);
        List<PlacedEdge> placed = placeEdges(graph, boxes);
        // Everything was placed around the origin; move it into view below the title.
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        List<Box> extent = new ArrayList<>(boxes);
        for (PlacedEdge e : placed) {
            if (e.label() != null) {
                extent.add(e.label());
            }
            for (int i = 0; i <= SAMPLES; i++) {
                extent.add(new Box(e.at(i / (double) SAMPLES).x, e.at(i / (double) SAMPLES).y, 2, 2));
            }
        }
        for (Box b : extent) {
            minX = Math.min(minX, b.left());
            minY = Math.min(minY, b.top());
            maxX = Math.max(maxX, b.left() + b.w());
            maxY = Math.max(maxY, b.top() + b.h());
        }
        double dx = MARGIN - minX;
        double dy = MARGIN + TITLE_HEIGHT - minY;
        List<PlacedNode> n = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            n.add(new PlacedNode(graph.nodes().get(i), boxes.get(i).shifted(dx, dy)));
        }
        this.nodes = List.copyOf(n);
        this.edges = placed.stream().map(e -> e.shifted(dx, dy)).toList();
        double titleWidth = textWidth(graph.title(), TITLE_TEXT);
        this.width = Math.ceil(Math.max(maxX - minX, titleWidth) + 2 * MARGIN);
        this.height = Math.ceil(maxY - minY + 2 * MARGIN + TITLE_HEIGHT);
    }

    CellGraph graph() {
        return graph;
    }

    List<PlacedNode> nodes() {
        return nodes;
    }

    /** Labelled edges first, then concat edges: the order they were placed in. */
    List<PlacedEdge> edges() {
        return edges;
    }

    int width() {
        return (int) width;
    }

    int height() {
        return (int) height;
    }

    /** Baseline of the title, from the top. */
    double titleBaseline() {
        return MARGIN + TITLE_TEXT;
    }

    double margin() {
        return MARGIN;
    }

    /**
     * An estimate of the width of {@code text} in the theme's sans-serif font: 0.62 em a
     * character is a little wider than most sans-serif fonts' average, so labels fit their boxes.
     */
    static double textWidth(String text, double size) {
        return text.length() * 0.62 * size;
    }

    /** Width of a node label, its subscript (after {@code _{}) drawn smaller. */
    static double nodeTextWidth(String label) {
        String[] parts = splitSubscript(label);
        return textWidth(parts[0], NODE_TEXT) + (parts[1] == null ? 0 : textWidth(parts[1], SUB_TEXT) + 1);
    }

    /** {@code {base, subscript}} of {@code c_{k-1}}; the subscript is null when there is none. */
    static String[] splitSubscript(String label) {
        int at = label.indexOf("_{");
        if (at < 0 || !label.endsWith("}")) {
            return new String[] {label, null};
        }
        return new String[] {label.substring(0, at), label.substring(at + 2, label.length() - 1)};
    }

    /** Column of each node: the longest path from an input. */
    static int[] columns(CellGraph graph) {
        int[] column = new int[graph.nodes().size()];
        for (int v = 0; v < column.length; v++) {
            // Links lead from lower to higher numbers, so predecessors are done before v.
            boolean input = graph.nodes().get(v).kind() == Kind.INPUT;
            column[v] = input ? 0 : 1;
            for (Link l : graph.links()) {
                if (l.to() == v) {
                    column[v] = Math.max(column[v], column[l.from()] + 1);
                }
            }
        }
        return column;
    }

    private static List<Box> placeNodes(CellGraph graph) {
        int n = graph.nodes().size();
        int[] column = columns(graph);
        int columns = 0;
        double widest = NODE_MIN_WIDTH;
        for (int v = 0; v < n; v++) {
            columns = Math.max(columns, column[v] + 1);
            widest = Math.max(widest, nodeTextWidth(graph.nodes().get(v).label()) + 20);
        }
        double widestLabel = graph.links().stream().filter(l -> l.op() != null)
                .mapToDouble(l -> labelWidth(l.op())).max().orElse(0);
        // room between two columns for a label and a stretch of arrow on either side
        double columnGap = widest + widestLabel + 56;
        double[] y = new double[n];
        Box[] boxes = new Box[n];
        for (int c = 0; c < columns; c++) {
            List<Integer> members = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                if (column[v] == c) {
                    members.add(v);
                }
            }
            members.sort(Comparator.comparingDouble((Integer v) -> meanPredecessorY(graph, v, y)).thenComparingInt(v -> v));
            for (int r = 0; r < members.size(); r++) {
                int v = members.get(r);
                y[v] = (r - (members.size() - 1) / 2.0) * ROW_GAP;
                double w = Math.max(NODE_MIN_WIDTH, nodeTextWidth(graph.nodes().get(v).label()) + 20);
                boxes[v] = new Box(c * columnGap, y[v], w, NODE_HEIGHT);
            }
        }
        return List.of(boxes);
    }

    /** Mean row of the nodes feeding {@code v}; 0 (the middle) for a node nothing feeds. */
    private static double meanPredecessorY(CellGraph graph, int v, double[] y) {
        return graph.links().stream().filter(l -> l.to() == v).mapToDouble(l -> y[l.from()]).average().orElse(0);
    }

    static double labelWidth(String op) {
        return textWidth(op, LABEL_TEXT) + 10;
    }

    private static List<PlacedEdge> placeEdges(CellGraph graph, List<Box> boxes) {
        int[] column = columns(graph);
        List<Link> order = new ArrayList<>(graph.links());
        // Labelled edges before concat edges, short spans before long ones: short edges stay
        // straight, and the long ones, which cross other columns, bend around what is there.
        order.sort(Comparator.comparing((Link l) -> l.op() == null)
                .thenComparingInt(l -> column[l.to()] - column[l.from()]));
        List<PlacedEdge> placed = new ArrayList<>();
        for (Link link : order) {
            PlacedEdge best = null;
            double bestCost = Double.POSITIVE_INFINITY;
            for (double bend : BENDS) {
                for (double at : link.op() == null ? new double[] {0.5} : LABEL_AT) {
                    PlacedEdge candidate = edge(link, boxes, bend, at);
                    double cost = cost(candidate, boxes, placed) + Math.abs(bend) * 0.05 + Math.abs(at - 0.5) * 20;
                    if (cost < bestCost) {
                        bestCost = cost;
                        best = candidate;
                    }
                }
            }
            placed.add(best);
        }
        return placed;
    }

    /** The curve of {@code link} with its control point {@code bend} pixels off the straight line, label at {@code at}. */
    private static PlacedEdge edge(Link link, List<Box> boxes, double bend, double at) {
        Box from = boxes.get(link.from());
        Box to = boxes.get(link.to());
        double dx = to.cx() - from.cx();
        double dy = to.cy() - from.cy();
        double length = Math.hypot(dx, dy);
        // positive bends go up (towards smaller y) for an edge that runs to the right
        Point control = new Point((from.cx() + to.cx()) / 2 + dy / length * bend,
                (from.cy() + to.cy()) / 2 - dx / length * bend);
        Point start = border(from, control);
        Point end = border(to, control);
        Box label = null;
        if (link.op() != null) {
            PlacedEdge curve = new PlacedEdge(link, start, control, end, null);
            Point p = curve.at(at);
            label = new Box(p.x(), p.y(), labelWidth(link.op()), LABEL_HEIGHT);
        }
        return new PlacedEdge(link, start, control, end, label);
    }

    /** Where the line from the centre of {@code box} towards {@code toward} leaves the box. */
    private static Point border(Box box, Point toward) {
        double dx = toward.x() - box.cx();
        double dy = toward.y() - box.cy();
        double hw = box.w() / 2 + NODE_CLEARANCE;
        double hh = box.h() / 2 + NODE_CLEARANCE;
        double scale = Math.min(dx == 0 ? Double.POSITIVE_INFINITY : hw / Math.abs(dx),
                dy == 0 ? Double.POSITIVE_INFINITY : hh / Math.abs(dy));
        return new Point(box.cx() + dx * scale, box.cy() + dy * scale);
    }

    /** How badly {@code e} collides with the nodes and the edges placed before it. */
    private static double cost(PlacedEdge e, List<Box> boxes, List<PlacedEdge> placed) {
        double cost = 0;
        if (e.label() != null) {
            for (Box b : boxes) {
                cost += e.label().overlaps(b, 4) ? 1000 : 0;
            }
            for (PlacedEdge p : placed) {
                cost += p.label() != null && e.label().overlaps(p.label(), 3) ? 1000 : 0;
                // a label hiding part of another edge makes that edge hard to follow
                for (int i = 1; i < SAMPLES; i++) {
                    cost += e.label().contains(p.at(i / (double) SAMPLES), 1) ? 15 : 0;
                }
            }
        }
        for (int i = 1; i < SAMPLES; i++) {
            Point s = e.at(i / (double) SAMPLES);
            for (int v = 0; v < boxes.size(); v++) {
                if (v != e.link().from() && v != e.link().to() && boxes.get(v).contains(s, 6)) {
                    cost += 100;
                }
            }
            for (PlacedEdge p : placed) {
                cost += p.label() != null && p.label().contains(s, 1) ? 15 : 0;
            }
        }
        return cost;
    }
}
