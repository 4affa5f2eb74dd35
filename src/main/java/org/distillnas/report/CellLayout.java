package org.distillnas.report;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.space.Primitives;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Nb201Genotype;

/**
 * Where the nodes, edges, arrowheads and op labels of a cell drawing go, computed once and drawn by
 * both the SVG and the PNG renderer, so the two agree to the pixel.
 *
 * <p>Nodes sit in columns by their depth (the longest path from the cell's inputs), left to right
 * as in the DARTS and NAS-Bench-201 figures, and spread evenly over the rows of their column. An
 * edge between neighbouring columns is a straight arrow; an edge that skips columns bends, up or
 * down by turns, further the more columns it skips, so that it does not run through the nodes in
 * between and its label stands apart from the others.
 */
final class CellLayout {
    static final double COLUMN = 200;
    static final double ROW = 120;
    static final double MARGIN = 40;
    static final double RADIUS = 22;
    static final double ARROW = 9;

    /** A node: its centre, its label, and whether it is an input or output of the cell (drawn as a box). */
    record Node(String label, double x, double y, boolean boundary) {}

    /**
     * An edge as a quadratic curve from (x0, y0) through control (cx, cy) to (x1, y1), already cut
     * back to the nodes' outlines; {@code op} is null for the unlabelled concatenation into the
     * output. {@code arrow} holds the arrowhead's three corners, {@code labelX/Y} the label's centre.
     */
    record Curve(String op, int from, int to, double x0, double y0, double cx, double cy, double x1, double y1,
            double[] arrow, double labelX, double labelY) {}

    final String name;
    final List<Node> nodes;
    final List<Curve> edges;
    final double width;
    final double height;

    private CellLayout(String name, List<Node> placed, List<int[]> links, List<String> ops, double labelAt) {
        this.name = name;
        List<Curve> curves = curves(placed, links, ops, labelAt);
        // A bent edge may rise above the first row: move everything down until it clears the margin.
        double top = Double.MAX_VALUE;
        for (Curve c : curves) {
            top = Math.min(top, Math.min(highest(c), c.labelY() - 10));
        }
        double shift = Math.max(0, MARGIN - top);
        List<Node> nodes = new ArrayList<>();
        placed.forEach(n -> nodes.add(new Node(n.label(), n.x(), n.y() + shift, n.boundary())));
        this.nodes = List.copyOf(nodes);
        this.edges = shift > 0 ? curves(nodes, links, ops, labelAt) : curves;
        double right = 0;
        double bottom = 0;
        for (Node n : this.nodes) {
            right = Math.max(right, n.x() + RADIUS);
            bottom = Math.max(bottom, n.y() + RADIUS);
        }
        for (Curve c : this.edges) {
            bottom = Math.max(bottom, Math.max(lowest(c), c.labelY() + 10));
        }
        this.width = right + MARGIN;
        this.height = bottom + MARGIN;
    }

    private static List<Curve> curves(List<Node> nodes, List<int[]> links, List<String> ops, double labelAt) {
        List<Curve> curves = new ArrayList<>();
        int bent = 0;
        for (int i = 0; i < links.size(); i++) {
            Node a = nodes.get(links.get(i)[0]);
            Node b = nodes.get(links.get(i)[1]);
            int span = (int) Math.round(Math.abs(b.x() - a.x()) / COLUMN);
            // A straight edge over more than one column could run through the nodes in between: it
            // bends to the side where it keeps furthest from the other nodes (by turns on a tie,
            // as for a row of nodes).
            double offset = 0;
            if (span > 1) {
                double bend = 26 + 22 * span;
                double up = clearance(nodes, links.get(i), a, b, -bend);
                double down = clearance(nodes, links.get(i), a, b, bend);
                offset = Math.abs(up - down) < 1 ? (bent++ % 2 == 0 ? -bend : bend) : up > down ? -bend : bend;
            }
            curves.add(curve(ops.get(i), links.get(i)[0], links.get(i)[1], a, b, offset, labelAt));
        }
        return placeLabels(curves, nodes, labelAt);
    }

    /** The smallest distance between the edge bent by {@code offset} and the centre of a node it does not join. */
    private static double clearance(List<Node> nodes, int[] link, Node a, Node b, double offset) {
        Curve c = curve(null, link[0], link[1], a, b, offset, 0.5);
        double nearest = Double.MAX_VALUE;
        for (int k = 0; k < nodes.size(); k++) {
            if (k == link[0] || k == link[1]) {
                continue;
            }
            for (double t = 0.1; t < 0.95; t += 0.1) {
                double[] p = at(c, t);
                nearest = Math.min(nearest, Math.hypot(p[0] - nodes.get(k).x(), p[1] - nodes.get(k).y()));
            }
        }
        return nearest;
    }

    /** Where along its edge (t of the curve) a label may go, the preferred place first. */
    private static final double[] LABEL_PLACES = {0, 0.5, 0.4, 0.72, 0.3, 0.82};

    /**
     * Moves labels along their edges, one after the other, to the place where their box overlaps
     * the nodes and the labels placed before it least; the preferred place wins ties.
     */
    private static List<Curve> placeLabels(List<Curve> curves, List<Node> nodes, double preferred) {
        List<double[]> taken = new ArrayList<>();
        for (Node n : nodes) {
            double half = n.boundary() ? Math.max(RADIUS, 4.5 * n.label().length() + 7) : RADIUS;
            taken.add(new double[] {n.x() - half, n.y() - RADIUS, n.x() + half, n.y() + RADIUS});
        }
        List<Curve> placed = new ArrayList<>();
        for (Curve c : curves) {
            if (c.op() == null) {
                placed.add(c);
                continue;
            }
            double bestT = preferred;
            double bestCost = Double.MAX_VALUE;
            double[] bestBox = null;
            for (double place : LABEL_PLACES) {
                double t = place == 0 ? preferred : place;
                double[] p = at(c, t);
                double[] box = labelBox(c.op(), p[0], p[1]);
                double cost = Math.abs(t - preferred) * 10;
                for (double[] other : taken) {
                    cost += overlap(box, other);
                }
                if (cost < bestCost) {
                    bestCost = cost;
                    bestT = t;
                    bestBox = box;
                }
            }
            taken.add(bestBox);
            double[] p = at(c, bestT);
            placed.add(new Curve(c.op(), c.from(), c.to(), c.x0(), c.y0(), c.cx(), c.cy(), c.x1(), c.y1(), c.arrow(),
                    p[0], p[1]));
        }
        return List.copyOf(placed);
    }

    /** B(t) = (1-t)^2 P0 + 2t(1-t) C + t^2 P2. */
    private static double[] at(Curve c, double t) {
        double u = 1 - t;
        return new double[] {u * u * c.x0() + 2 * t * u * c.cx() + t * t * c.x1(),
            u * u * c.y0() + 2 * t * u * c.cy() + t * t * c.y1()};
    }

    /** The box a label takes, estimated from its length in the theme's font. */
    static double[] labelBox(String text, double x, double y) {
        double half = 0.31 * ChartTheme.FONT_SIZE * text.length() + 3;
        return new double[] {x - half, y - 9, x + half, y + 9};
    }

    private static double overlap(double[] a, double[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /**
     * The curve's smallest y. The control point lies on the bisector between the two nodes, so the
     * curve is (nearly) symmetric and bulges furthest at B(1/2).
     */
    private static double highest(Curve c) {
        return Math.min(Math.min(c.y0(), c.y1()), (c.y0() + 2 * c.cy() + c.y1()) / 4);
    }

    private static double lowest(Curve c) {
        return Math.max(Math.max(c.y0(), c.y1()), (c.y0() + 2 * c.cy() + c.y1()) / 4);
    }

    /** The edges with the grey concatenation edges first, so that the op edges are drawn over them. */
    List<Curve> concatFirst() {
        List<Curve> ordered = new ArrayList<>();
        edges.stream().filter(c -> c.op() == null).forEach(ordered::add);
        edges.stream().filter(c -> c.op() != null).forEach(ordered::add);
        return ordered;
    }

    /** The NAS-Bench-201 cell: nodes 0..3 in a row; {@code none} edges are not drawn (they carry nothing). */
    static CellLayout of(Nb201Genotype g) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i <= Nb201Genotype.NODES; i++) {
            boolean boundary = i == 0 || i == Nb201Genotype.NODES;
            String label = i == 0 ? "in" : i == Nb201Genotype.NODES ? "out" : String.valueOf(i);
            nodes.add(new Node(label, MARGIN + RADIUS + 10 + i * COLUMN, MARGIN + RADIUS, boundary));
        }
        List<int[]> links = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        for (int to = 1; to <= Nb201Genotype.NODES; to++) {
            for (int from = 0; from < to; from++) {
                String op = g.op(to, from);
                if (!op.equals(Primitives.NONE)) {
                    links.add(new int[] {from, to});
                    ops.add(op);
                }
            }
        }
        return new CellLayout("cell", nodes, links, ops, 0.5);
    }

    /**
     * A DARTS cell: inputs c_{k-2} and c_{k-1}, the intermediate nodes 0..n-1 each fed by its two
     * chosen edges, and the output c_{k} fed (unlabelled, grey) by the concatenated nodes.
     */
    static CellLayout of(String name, List<Edge> edges, List<Integer> concat) {
        int inner = edges.size() / 2;
        int[] depth = new int[inner + 2];
        for (int i = 0; i < inner; i++) {
            int d = 0;
            for (Edge e : edges.subList(2 * i, 2 * i + 2)) {
                d = Math.max(d, depth[e.input()]);
            }
            depth[i + 2] = d + 1;
        }
        int outColumn = 0;
        for (int d : depth) {
            outColumn = Math.max(outColumn, d + 1);
        }
        int[] perColumn = new int[outColumn + 1];
        for (int d : depth) {
            perColumn[d]++;
        }
        perColumn[outColumn]++;
        int rows = 0;
        for (int c : perColumn) {
            rows = Math.max(rows, c);
        }
        int[] placed = new int[outColumn + 1];
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < inner + 3; i++) {
            int column = i < inner + 2 ? depth[i] : outColumn;
            // centre each column's nodes vertically against the tallest column
            double top = MARGIN + RADIUS + (rows - perColumn[column]) * ROW / 2;
            double y = top + placed[column]++ * ROW;
            String label = i == 0 ? "c_{k-2}" : i == 1 ? "c_{k-1}" : i < inner + 2 ? String.valueOf(i - 2) : "c_{k}";
            nodes.add(new Node(label, MARGIN + 30 + column * COLUMN, y, i < 2 || i == inner + 2));
        }
        List<int[]> links = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            links.add(new int[] {edges.get(i).input(), i / 2 + 2});
            ops.add(edges.get(i).op());
        }
        for (int c : concat) {
            links.add(new int[] {c, inner + 2});
            ops.add(null);
        }
        // Every intermediate node has exactly two incoming edges from different directions: labels
        // towards the target's end of the edge collide less than labels in the middle, where the
        // edges leaving one input still run close together.
        return new CellLayout(name, nodes, links, ops, 0.62);
    }

    static List<CellLayout> of(DartsGenotype g) {
        return List.of(of("normal", g.normal(), g.normalConcat()), of("reduce", g.reduce(), g.reduceConcat()));
    }

    private static Curve curve(String op, int from, int to, Node a, Node b, double offset, double t) {
        double mx = (a.x() + b.x()) / 2;
        double my = (a.y() + b.y()) / 2;
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double len = Math.hypot(dx, dy);
        // control point: the midpoint moved along the normal by the offset
        double cx = mx - dy / len * offset;
        double cy = my + dx / len * offset;
        double[] start = towards(a.x(), a.y(), cx, cy, RADIUS);
        double[] end = towards(b.x(), b.y(), cx, cy, RADIUS + 1);
        // the arrowhead points along the curve's tangent at its end (from the control point)
        double tx = end[0] - cx;
        double ty = end[1] - cy;
        double tl = Math.hypot(tx, ty);
        tx /= tl;
        ty /= tl;
        double[] arrow = {end[0], end[1], end[0] - ARROW * tx + ARROW * 0.5 * ty, end[1] - ARROW * ty - ARROW * 0.5 * tx,
            end[0] - ARROW * tx - ARROW * 0.5 * ty, end[1] - ARROW * ty + ARROW * 0.5 * tx};
        // the label sits on the curve at t: B(t) = (1-t)^2 P0 + 2t(1-t) C + t^2 P2
        double lx = (1 - t) * (1 - t) * start[0] + 2 * t * (1 - t) * cx + t * t * end[0];
        double ly = (1 - t) * (1 - t) * start[1] + 2 * t * (1 - t) * cy + t * t * end[1];
        return new Curve(op, from, to, start[0], start[1], cx, cy, end[0], end[1], arrow, lx, ly);
    }

    /** The point at {@code distance} from (x, y) in the direction of (tx, ty). */
    private static double[] towards(double x, double y, double tx, double ty, double distance) {
        double dx = tx - x;
        double dy = ty - y;
        double len = Math.hypot(dx, dy);
        return new double[] {x + dx / len * distance, y + dy / len * distance};
    }
}
