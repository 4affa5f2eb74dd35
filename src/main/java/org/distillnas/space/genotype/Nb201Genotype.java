package org.distillnas.space.genotype;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.distillnas.space.Primitives;
import org.distillnas.util.BadInputException;

/**
 * A NAS-Bench-201 cell: four nodes, node 0 is the cell input and nodes 1..3 each sum one
 * operation applied to every earlier node.
 *
 * <p>{@code nodes.get(k)} holds the incoming edges of node {@code k + 1}, exactly one per earlier
 * node and in input order, so {@code nodes.get(k).get(j).input() == j}. The benchmark's string
 * form, e.g. {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|},
 * is read by {@link #parse} and written by {@link #arch()}; the two are exact inverses.
 */
public record Nb201Genotype(List<List<Edge>> nodes) implements Genotype {

    /** The space name written to and read from genotype files. */
    public static final String SPACE = "nb201";

    /** Number of nodes after the input node. */
    public static final int NODES = 3;

    /** Number of edges in a cell: 1 + 2 + 3. */
    public static final int EDGES = 6;

    /** Number of distinct cells: five candidate operations on each of six edges. */
    public static final int COUNT = 15_625;

    public Nb201Genotype {
        String problem = problem(nodes);
        if (problem != null) {
            throw new BadInputException("invalid NAS-Bench-201 genotype: " + problem);
        }
        nodes = nodes.stream().map(List::copyOf).toList();
    }

    @Override
    public String space() {
        return SPACE;
    }

    /** The operation on the edge from node {@code fromNode} to node {@code toNode} (1..3, 0..toNode-1). */
    public String op(int toNode, int fromNode) {
        if (toNode < 1 || toNode > NODES || fromNode < 0 || fromNode >= toNode) {
            throw new IllegalArgumentException(
                    "no NAS-Bench-201 edge " + fromNode + "->" + toNode + ": expected 1 <= to <= 3 and 0 <= from < to");
        }
        return nodes.get(toNode - 1).get(fromNode).op();
    }

    /** The benchmark's string form, e.g. {@code |nor_conv_3x3~0|+|...|}. */
    public String arch() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < nodes.size(); k++) {
            if (k > 0) {
                sb.append('+');
            }
            sb.append('|');
            for (Edge e : nodes.get(k)) {
                sb.append(e.op()).append('~').append(e.input()).append('|');
            }
        }
        return sb.toString();
    }

    /** Same as {@link #arch()}, so that logs and messages show the familiar form. */
    @Override
    public String toString() {
        return arch();
    }

    /**
     * Parses the benchmark's string form. Whitespace around the whole string is ignored; anything
     * else that is not exactly the format is rejected with a message saying where.
     */
    public static Nb201Genotype parse(String arch) {
        if (arch == null || arch.isBlank()) {
            throw new BadInputException("malformed NAS-Bench-201 genotype: it is empty, expected |op~0|+|op~0|op~1|+|op~0|op~1|op~2|");
        }
        String text = arch.strip();
        String prefix = "malformed NAS-Bench-201 genotype '" + Excerpt.of(text) + "': ";
        if (!text.startsWith("|") || !text.endsWith("|") || text.length() < 2) {
            throw new BadInputException(prefix + "expected it to start and end with '|'");
        }
        // The -1 limit keeps empty trailing parts, so "...|+" is reported instead of ignored.
        String[] parts = text.split("\\+", -1);
        if (parts.length != NODES) {
            throw new BadInputException(prefix + "it has " + parts.length + " node" + (parts.length == 1 ? "" : "s")
                    + " separated by '+', expected " + NODES);
        }
        List<List<Edge>> nodes = new ArrayList<>();
        for (int k = 0; k < parts.length; k++) {
            nodes.add(parseNode(parts[k], k + 1, prefix));
        }
        String problem = problem(nodes);
        if (problem != null) {
            throw new BadInputException(prefix + problem);
        }
        return new Nb201Genotype(nodes);
    }

    private static List<Edge> parseNode(String part, int node, String prefix) {
        if (part.length() < 2 || !part.startsWith("|") || !part.endsWith("|")) {
            throw new BadInputException(prefix + "node " + node + " is '" + Excerpt.of(part) + "', expected edges between bars like |op~0|");
        }
        String[] tokens = part.substring(1, part.length() - 1).split("\\|", -1);
        List<Edge> edges = new ArrayList<>();
        for (String token : tokens) {
            if (token.isEmpty()) {
                throw new BadInputException(prefix + "node " + node + " has an empty edge ('||'), expected op~input");
            }
            int tilde = token.indexOf('~');
            if (tilde <= 0 || tilde != token.lastIndexOf('~') || tilde == token.length() - 1) {
                throw new BadInputException(prefix + "edge '" + Excerpt.of(token) + "' of node " + node + " is not op~input");
            }
            String input = token.substring(tilde + 1);
            if (!input.chars().allMatch(c -> c >= '0' && c <= '9') || input.length() > 9) {
                throw new BadInputException(prefix + "edge '" + Excerpt.of(token) + "' of node " + node + " has input '" + Excerpt.of(input)
                        + "', expected a node number");
            }
            edges.add(new Edge(token.substring(0, tilde), Integer.parseInt(input)));
        }
        return edges;
    }

    /** Returns what is wrong with {@code nodes}, or null; shared by the constructor and the parser. */
    private static String problem(List<List<Edge>> nodes) {
        if (nodes == null) {
            return "nodes is null";
        }
        if (nodes.size() != NODES) {
            return "it has " + nodes.size() + " nodes, expected " + NODES;
        }
        for (int k = 0; k < NODES; k++) {
            int node = k + 1;
            List<Edge> edges = nodes.get(k);
            if (edges == null || edges.size() != node) {
                int n = edges == null ? 0 : edges.size();
                return "node " + node + " has " + n + " edge" + (n == 1 ? "" : "s") + ", expected " + node;
            }
            for (int j = 0; j < node; j++) {
                Edge e = edges.get(j);
                if (e == null) {
                    return "edge " + j + " of node " + node + " is null";
                }
                if (!Primitives.NB201.contains(e.op())) {
                    return "unknown op '" + Excerpt.of(e.op()) + "' at node " + node + ", edge " + j + ": expected one of "
                            + String.join(", ", Primitives.NB201);
                }
                String token = "'" + Excerpt.of(e.op()) + "~" + e.input() + "'";
                if (e.input() < 0 || e.input() >= node) {
                    return "edge " + token + " of node " + node + " takes input " + e.input() + ", expected 0.." + (node - 1);
                }
                // The benchmark always lists a node's edges by input; requiring that order keeps
                // one string per cell, so string equality is cell equality.
                if (e.input() != j) {
                    return "edge " + token + " of node " + node + " is in position " + j + ", expected input " + j
                            + " there: edges must be in input order 0.." + (node - 1);
                }
            }
        }
        return null;
    }

    /**
     * The cell with number {@code index} in 0..{@link #COUNT}-1. The number's base-5 digits, most
     * significant first, pick the ops of edges 0->1, 0->2, 1->2, 0->3, 1->3, 2->3 by their position
     * in {@link Primitives#NB201}; so 0 is the all-"none" cell. This is not the benchmark file's own
     * architecture index, which follows the benchmark's storage order.
     */
    public static Nb201Genotype fromIndex(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("NAS-Bench-201 cell index " + index + " out of range 0.." + (COUNT - 1));
        }
        int ops = Primitives.NB201.size();
        int[] digits = new int[EDGES];
        for (int e = EDGES - 1, rest = index; e >= 0; e--, rest /= ops) {
            digits[e] = rest % ops;
        }
        List<List<Edge>> nodes = new ArrayList<>();
        int e = 0;
        for (int node = 1; node <= NODES; node++) {
            List<Edge> edges = new ArrayList<>();
            for (int input = 0; input < node; input++) {
                edges.add(new Edge(Primitives.NB201.get(digits[e++]), input));
            }
            nodes.add(edges);
        }
        return new Nb201Genotype(nodes);
    }

    /** This cell's number as defined by {@link #fromIndex}. */
    public int index() {
        int index = 0;
        for (List<Edge> edges : nodes) {
            for (Edge edge : edges) {
                index = index * Primitives.NB201.size() + Primitives.NB201.indexOf(edge.op());
            }
        }
        return index;
    }

    /** All {@link #COUNT} cells, in {@link #fromIndex} order. */
    public static List<Nb201Genotype> enumerate() {
        return IntStream.range(0, COUNT).mapToObj(Nb201Genotype::fromIndex).toList();
    }
}
