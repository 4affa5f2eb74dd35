package org.distillnas.space.genotype;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.distillnas.space.Primitives;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.util.BadInputException;

/**
 * A DARTS architecture: one normal and one reduction cell, in the layout of the DARTS paper's
 * code.
 *
 * <p>Cell nodes 0 and 1 are the outputs of the two previous cells; intermediate node {@code k}
 * (cell node {@code k + 2}) takes two edges, stored as entries {@code 2k} and {@code 2k + 1} of
 * {@code normal} or {@code reduce}, whose inputs are two distinct earlier nodes {@code 0..k+1}.
 * The cell's output concatenates the nodes listed in the concat list, normally {@code [2, 3, 4, 5]}.
 * The papers use four intermediate nodes; any count is accepted, as the original code accepts it.
 *
 * <p>The constructor checks the structure and that every edge uses an op of its space's candidates
 * for that edge, other than none ({@link DartsSpace#genotypeOps}): any DARTS primitive in "darts",
 * only that edge's pair in RobustDARTS S1, {skip_connect, sep_conv_3x3} in S2 and S3, {noise,
 * sep_conv_3x3} in S4.
 */
public record DartsGenotype(
        String space, List<Edge> normal, List<Integer> normalConcat, List<Edge> reduce, List<Integer> reduceConcat)
        implements Genotype {

    /** Space names whose genotypes have this form: the DARTS space and the RobustDARTS spaces S1..S4. */
    public static final List<String> SPACES = List.of("darts", "darts-s1", "darts-s2", "darts-s3", "darts-s4");

    /**
     * Ops a derived DARTS cell may use in one of {@link #SPACES} or another: every DARTS candidate
     * except "none" (derivation never picks it, and a cell with a "none" edge would just lose an
     * input), plus RobustDARTS S4's "noise". Each space accepts a part of these.
     */
    public static final List<String> ALLOWED_OPS = allowedOps();

    public DartsGenotype {
        if (!SPACES.contains(space)) {
            throw new BadInputException("invalid DARTS genotype: unknown space '" + Excerpt.of(space) + "', expected one of "
                    + String.join(", ", SPACES));
        }
        checkCell("normal", normal, normalConcat);
        checkCell("reduce", reduce, reduceConcat);
        normal = List.copyOf(normal);
        normalConcat = List.copyOf(normalConcat);
        reduce = List.copyOf(reduce);
        reduceConcat = List.copyOf(reduceConcat);
        checkSpaceOps(space, DartsSpace.NORMAL, normal);
        checkSpaceOps(space, DartsSpace.REDUCE, reduce);
    }

    /**
     * The DARTS code's {@code Genotype(normal=[...], ...)} text, which {@link DartsRepr#parse} reads
     * back: what the logs, summaries and reports show, so that a genotype seen there can be pasted
     * into {@code distillnas train}.
     */
    @Override
    public String toString() {
        return DartsRepr.format(this);
    }

    /** Number of intermediate nodes of the normal cell (4 in the papers). */
    public int normalNodes() {
        return normal.size() / 2;
    }

    /** Number of intermediate nodes of the reduction cell (4 in the papers). */
    public int reduceNodes() {
        return reduce.size() / 2;
    }

    /** Same genotype under another space name, e.g. when a Python repr is read for "darts-s3". */
    public DartsGenotype withSpace(String newSpace) {
        return new DartsGenotype(newSpace, normal, normalConcat, reduce, reduceConcat);
    }

    /**
     * Throws if an edge uses an op outside {@code allowed}, e.g. a genotype from space S4 loaded
     * into a network whose space has no "noise" op. Returns this for chaining.
     */
    public DartsGenotype checkOps(Collection<String> allowed) {
        checkOps(allowed, normal, reduce);
        return this;
    }

    private static void checkOps(Collection<String> allowed, List<Edge> normal, List<Edge> reduce) {
        for (String cell : List.of("normal", "reduce")) {
            List<Edge> edges = cell.equals("normal") ? normal : reduce;
            for (int i = 0; i < edges.size(); i++) {
                String op = edges.get(i).op();
                if (!allowed.contains(op)) {
                    throw new BadInputException("invalid DARTS genotype: op '" + Excerpt.of(op) + "' in " + cell + " cell, node "
                            + (i / 2 + 2) + " (entry " + i + "): expected one of " + String.join(", ", allowed));
                }
            }
        }
    }

    /** Every edge's op must be a candidate of that edge in {@code space}, other than none. */
    private static void checkSpaceOps(String space, String cell, List<Edge> edges) {
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            int node = i / 2 + 2;
            List<String> allowed = DartsSpace.genotypeOps(space, cell, e.input(), node);
            String where = "invalid DARTS genotype: op '" + Excerpt.of(e.op()) + "' in " + cell + " cell, node " + node
                    + " (entry " + i + ", edge " + e.input() + "->" + node + ")";
            if (allowed == null) {
                throw new BadInputException(where + ": space " + space + " defines its edges' ops up to node 5 only");
            }
            if (!allowed.contains(e.op())) {
                throw new BadInputException(where + " is not an op of space " + space + " on that edge: expected one of "
                        + String.join(", ", allowed));
            }
        }
    }

    private static void checkCell(String cell, List<Edge> edges, List<Integer> concat) {
        String where = "invalid DARTS genotype: " + cell + " cell ";
        if (edges == null || edges.isEmpty() || edges.size() % 2 != 0) {
            int n = edges == null ? 0 : edges.size();
            throw new BadInputException(where + "has " + n + " edges, expected a positive even number"
                    + " (2 per intermediate node, 8 in the papers)");
        }
        int nodes = edges.size() / 2;
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            int node = i / 2 + 2;
            if (e == null) {
                throw new BadInputException(where + "entry " + i + " is null");
            }
            if (e.input() < 0 || e.input() >= node) {
                throw new BadInputException(where + "node " + node + " (entry " + i + ") takes input " + e.input()
                        + ", expected 0.." + (node - 1));
            }
            // DARTS derivation keeps the two strongest edges from *different* predecessors, so a
            // repeated input means the genotype did not come from a DARTS-style search.
            if (i % 2 == 1 && edges.get(i - 1).input() == e.input()) {
                throw new BadInputException(where + "node " + node + " takes input " + e.input()
                        + " twice (entries " + (i - 1) + " and " + i + "), expected two different inputs");
            }
        }
        String concatName = cell + "_concat " + concat;
        if (concat == null || concat.isEmpty()) {
            throw new BadInputException("invalid DARTS genotype: " + cell + "_concat is empty, expected node ids 2.."
                    + (nodes + 1));
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer id : concat) {
            if (id == null || id < 2 || id > nodes + 1) {
                throw new BadInputException("invalid DARTS genotype: " + concatName + " has node " + id
                        + ", expected intermediate node ids 2.." + (nodes + 1));
            }
            if (!seen.add(id)) {
                throw new BadInputException("invalid DARTS genotype: " + concatName + " lists node " + id + " twice");
            }
        }
    }

    private static List<String> allowedOps() {
        List<String> ops = new ArrayList<>(Primitives.DARTS);
        ops.remove(Primitives.NONE);
        ops.add(Primitives.NOISE);
        return List.copyOf(ops);
    }
}
