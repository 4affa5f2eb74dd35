package org.distillnas.report;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.space.Primitives;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.space.genotype.Subnet;

/**
 * A found cell as the papers draw it: nodes, and the edges between them labelled with their op.
 * Only what is drawn, in drawing order; nodes are numbered by their position in {@code nodes}, and
 * every edge leads from a lower number to a higher one.
 *
 * <p>NAS-Bench-201 "none" edges are left out: the op outputs zeros, so the edge contributes
 * nothing, and the papers' figures leave such edges out too.
 *
 * @param name a short name, unique within a genotype ("cell", "normal", "reduce")
 * @param title what the drawing shows, e.g. "DARTS normal cell"
 */
record CellGraph(String name, String title, List<Node> nodes, List<Link> links) {

    /** What a node is for; it decides the node's fill and that inputs stay in the first column. */
    enum Kind { INPUT, INTERMEDIATE, OUTPUT }

    /**
     * A node; {@code label} may end in a subscript written {@code _{...}}, e.g. {@code c_{k-1}},
     * which the renderers draw lowered and smaller.
     */
    record Node(String label, Kind kind) {}

    /** An edge from node {@code from} to node {@code to}; {@code op} is null for an unlabelled concat edge. */
    record Link(int from, int to, String op) {}

    CellGraph {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        for (Link l : links) {
            if (l.from() < 0 || l.from() >= l.to() || l.to() >= nodes.size()) {
                throw new IllegalArgumentException("edge " + l + " must lead from a lower to a higher node of " + nodes.size());
            }
        }
    }

    /** The cells of {@code genotype}: one for NAS-Bench-201, normal and reduce for DARTS, none for a subnet. */
    static List<CellGraph> of(Genotype genotype) {
        if (genotype instanceof Nb201Genotype g) {
            return List.of(nb201(g));
        }
        if (genotype instanceof DartsGenotype g) {
            return List.of(darts("normal", "DARTS normal cell", g.normal(), g.normalConcat()),
                    darts("reduce", "DARTS reduction cell", g.reduce(), g.reduceConcat()));
        }
        if (genotype instanceof Subnet) {
            // a sampling space's subnet is a chain of layers, not a cell
            return List.of();
        }
        throw new IllegalArgumentException("no cell drawing for " + genotype.getClass().getSimpleName());
    }

    private static CellGraph nb201(Nb201Genotype g) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node("0", Kind.INPUT));
        for (int k = 1; k <= Nb201Genotype.NODES; k++) {
            nodes.add(new Node(String.valueOf(k), k == Nb201Genotype.NODES ? Kind.OUTPUT : Kind.INTERMEDIATE));
        }
        List<Link> links = new ArrayList<>();
        for (int to = 1; to <= Nb201Genotype.NODES; to++) {
            for (int from = 0; from < to; from++) {
                String op = g.op(to, from);
                if (!op.equals(Primitives.NONE)) {
                    links.add(new Link(from, to, op));
                }
            }
        }
        return new CellGraph("cell", "NAS-Bench-201 cell", nodes, links);
    }

    /**
     * Drawing node numbers match the genotype's (0, 1 the cell inputs, 2.. the intermediate nodes,
     * labelled from 0 as in the papers), and the output comes last.
     */
    private static CellGraph darts(String name, String title, List<Edge> edges, List<Integer> concat) {
        int intermediate = edges.size() / 2;
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node("c_{k-2}", Kind.INPUT));
        nodes.add(new Node("c_{k-1}", Kind.INPUT));
        for (int k = 0; k < intermediate; k++) {
            nodes.add(new Node(String.valueOf(k), Kind.INTERMEDIATE));
        }
        int output = nodes.size();
        nodes.add(new Node("c_{k}", Kind.OUTPUT));
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            links.add(new Link(edges.get(i).input(), i / 2 + 2, edges.get(i).op()));
        }
        for (int id : concat) {
            links.add(new Link(id, output, null));
        }
        return new CellGraph(name, title, nodes, links);
    }
}
