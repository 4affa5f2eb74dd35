package org.distillnas.space.darts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.Primitives;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.BadInputException;

/**
 * The DARTS cell space (Liu et al., 2019): a normal and a reduction cell, each with 2 input nodes
 * and 4 intermediate nodes; intermediate node j takes an edge from every earlier node (14 edges).
 * Edges are ordered node by node, inputs ascending: 0->2, 1->2, 0->3, 1->3, 2->3, 0->4, ...
 *
 * <p>The op set may differ per edge and per cell type: RobustDARTS's S1-S4 are instances of this
 * class with the op lists of {@link RobustDartsSpaces}. A space's name stands for its op lists;
 * an instance may offer fewer ops than its name allows, never others, so that every genotype it
 * derives is valid for its name.
 */
public final class DartsSpace implements SearchSpace {
    public static final String NAME = "darts";
    public static final String NORMAL = "normal";
    public static final String REDUCE = "reduce";
    static final int INPUTS = 2;
    static final int STEPS = 4;
    /** Edges per cell: 2 + 3 + 4 + 5. */
    public static final int EDGES = 14;

    private final String name;
    private final Map<String, List<EdgeSpec>> cells;

    /** The standard DARTS space: all 8 primitives on every edge. */
    public DartsSpace() {
        this(NAME, uniform(Primitives.DARTS), uniform(Primitives.DARTS));
    }

    /**
     * A DARTS-layout space with explicit op sets.
     *
     * @param name one of {@link DartsGenotype#SPACES}: the space its genotypes are tagged with
     * @param normalOps op names per edge of the normal cell (14 lists, in edge order)
     * @param reduceOps op names per edge of the reduction cell
     */
    public DartsSpace(String name, List<List<String>> normalOps, List<List<String>> reduceOps) {
        // discretize() tags its genotype with this name, and a DARTS genotype only accepts these
        if (!DartsGenotype.SPACES.contains(name)) {
            throw new BadInputException("unknown DARTS space '" + name + "', expected one of "
                    + String.join(", ", DartsGenotype.SPACES));
        }
        this.name = name;
        Map<String, List<EdgeSpec>> c = new LinkedHashMap<>();
        c.put(NORMAL, edges(normalOps));
        c.put(REDUCE, edges(reduceOps));
        this.cells = java.util.Collections.unmodifiableMap(c);
        // a space may narrow its name's op sets, never widen them: its genotypes must stay valid
        c.forEach((cell, edges) -> edges.forEach(e -> {
            List<String> allowed = namedOps(name, cell).get(index(e.from(), e.to()));
            for (String op : e.ops()) {
                if (!allowed.contains(op)) {
                    throw new IllegalArgumentException("space " + name + " has no op '" + op + "' on " + cell + " edge "
                            + e.label() + ": expected a subset of " + String.join(", ", allowed));
                }
            }
        }));
    }

    /**
     * The op list of every edge of cell type {@code cell} ({@link #NORMAL} or {@link #REDUCE}) in
     * the space called {@code name}, in edge order: all DARTS primitives for "darts", the
     * RobustDARTS lists for S1-S4. Genotypes tagged with the name may use these ops (none aside).
     */
    static List<List<String>> namedOps(String name, String cell) {
        if (name.equals(NAME)) {
            return uniform(Primitives.DARTS);
        }
        return cell.equals(REDUCE) ? RobustDartsSpaces.reduceOps(name) : RobustDartsSpaces.normalOps(name);
    }

    /**
     * The ops a derived cell of space {@code name} may put on edge {@code from -> to} of cell type
     * {@code cell}: the edge's candidates other than none. For a node beyond the fourth (the
     * original code accepts any node count), the op list shared by all edges when the space has
     * one, otherwise null.
     */
    public static List<String> genotypeOps(String name, String cell, int from, int to) {
        List<List<String>> ops = namedOps(name, cell);
        List<String> edge;
        if (to < INPUTS + STEPS) {
            edge = ops.get(index(from, to));
        } else if (ops.stream().distinct().count() == 1) {
            edge = ops.get(0);
        } else {
            return null;
        }
        return edge.stream().filter(op -> !op.equals(Primitives.NONE)).toList();
    }

    /** Position of edge {@code from -> to} in the edge order: the edges into earlier nodes come first. */
    static int index(int from, int to) {
        return (to - INPUTS) * (to + INPUTS - 1) / 2 + from;
    }

    /** The same op list on each of the 14 edges. */
    public static List<List<String>> uniform(List<String> ops) {
        List<List<String>> out = new ArrayList<>();
        for (int e = 0; e < EDGES; e++) {
            out.add(ops);
        }
        return out;
    }

    private static List<EdgeSpec> edges(List<List<String>> ops) {
        if (ops.size() != EDGES) {
            throw new IllegalArgumentException("a DARTS cell has " + EDGES + " edges, got " + ops.size() + " op lists");
        }
        List<EdgeSpec> out = new ArrayList<>();
        int e = 0;
        for (int to = INPUTS; to < INPUTS + STEPS; to++) {
            for (int from = 0; from < to; from++) {
                out.add(new EdgeSpec(from, to, ops.get(e++)));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, List<EdgeSpec>> cells() {
        return cells;
    }

    @Override
    public MacroConfig standardNetwork(int inChannels, int numClasses) {
        return new MacroConfig(36, 20, inChannels, numClasses);
    }

    @Override
    public Supernet supernet(MacroConfig config, SupernetOptions options, ParamFactory f) {
        return new DartsSupernet(this, config, options, f);
    }

    /**
     * DARTS discretisation: for each intermediate node keep the two incoming edges whose strongest
     * op other than none is strongest, each with that op. Cell output concatenates all four nodes.
     * An edge without none (RobustDARTS S1, S2, S4) takes the argmax over all its ops; one with
     * none (DARTS, S3) the argmax over the others, however strong none is.
     */
    @Override
    public Genotype discretize(Map<String, double[][]> probs) {
        List<Edge> normal = parseCell(cells.get(NORMAL), probs.get(NORMAL));
        List<Edge> reduce = parseCell(cells.get(REDUCE), probs.get(REDUCE));
        List<Integer> concat = List.of(2, 3, 4, 5);
        return new DartsGenotype(name, normal, concat, reduce, concat);
    }

    private static List<Edge> parseCell(List<EdgeSpec> edges, double[][] p) {
        List<Edge> genes = new ArrayList<>();
        for (int to = INPUTS; to < INPUTS + STEPS; to++) {
            List<Integer> incoming = new ArrayList<>();
            for (int e = 0; e < edges.size(); e++) {
                if (edges.get(e).to() == to) {
                    incoming.add(e);
                }
            }
            // stable sort by descending best non-none weight: ties keep the lower input first
            incoming.sort(Comparator.comparingDouble((Integer e) -> -bestOp(edges.get(e), p[e])[1]));
            // genes keep that order (strongest first), as the DARTS code writes them
            for (int e : incoming.subList(0, 2)) {
                int op = (int) bestOp(edges.get(e), p[e])[0];
                genes.add(new Edge(edges.get(e).ops().get(op), edges.get(e).from()));
            }
        }
        return List.copyOf(genes);
    }

    /** {index, weight} of the strongest op of an edge that is not none. */
    private static double[] bestOp(EdgeSpec edge, double[] w) {
        int best = -1;
        for (int k = 0; k < w.length; k++) {
            if (!edge.ops().get(k).equals(Primitives.NONE) && (best < 0 || w[k] > w[best])) {
                best = k;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("edge " + edge.label() + " has only the none op");
        }
        return new double[] {best, w[best]};
    }

    /** One-hot rows of the genotype's ops on its two kept edges per node; other edges get zeros. */
    @Override
    public Map<String, double[][]> selection(Genotype genotype) {
        DartsGenotype g = dartsGenotype(genotype);
        if (g.normalNodes() != STEPS || g.reduceNodes() != STEPS || !g.normalConcat().equals(List.of(2, 3, 4, 5))
                || !g.reduceConcat().equals(List.of(2, 3, 4, 5))) {
            throw new BadInputException("genotype " + g + " is not a path through the " + name + " supernet: expected "
                    + STEPS + " nodes per cell, all concatenated");
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put(NORMAL, selectCell(NORMAL, cells.get(NORMAL), g.normal()));
        out.put(REDUCE, selectCell(REDUCE, cells.get(REDUCE), g.reduce()));
        return out;
    }

    private static double[][] selectCell(String type, List<EdgeSpec> edges, List<Edge> genes) {
        double[][] rows = new double[edges.size()][];
        for (int e = 0; e < edges.size(); e++) {
            rows[e] = new double[edges.get(e).ops().size()];
        }
        for (int i = 0; i < genes.size(); i++) {
            int to = INPUTS + i / 2;
            Edge gene = genes.get(i);
            for (int e = 0; e < edges.size(); e++) {
                EdgeSpec spec = edges.get(e);
                if (spec.to() == to && spec.from() == gene.input()) {
                    int op = spec.ops().indexOf(gene.op());
                    if (op < 0) {
                        throw new BadInputException("genotype op '" + gene.op() + "' on " + type + " edge " + spec.label()
                                + " is not a candidate there: expected one of " + String.join(", ", spec.ops()));
                    }
                    rows[e][op] = 1;
                }
            }
        }
        return rows;
    }

    private DartsGenotype dartsGenotype(Genotype genotype) {
        if (!(genotype instanceof DartsGenotype g)) {
            throw new BadInputException("genotype of space '" + genotype.space() + "' cannot build a network of space "
                    + name + ": expected a DARTS genotype");
        }
        return g;
    }

    @Override
    public DiscreteNetwork network(Genotype genotype, MacroConfig config, ParamFactory f, boolean auxiliaryHead) {
        return new DartsNetwork(dartsGenotype(genotype), config, f, auxiliaryHead);
    }
}
