package org.distillnas.space.nb201;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.Primitives;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.BadInputException;

/**
 * The NAS-Bench-201 cell space (Dong and Yang, 2020): one cell type with 4 nodes and 6 edges, each
 * choosing among none, skip_connect, nor_conv_1x1, nor_conv_3x3 and avg_pool_3x3 (15,625 cells).
 * Edges are ordered as in the benchmark's architecture string: 0->1, 0->2, 1->2, 0->3, 1->3, 2->3.
 */
public final class Nb201Space implements SearchSpace {
    public static final String NAME = "nb201";
    /** The name of the single cell type, in alpha files and plots. */
    public static final String CELL = "cell";
    static final int NODES = 4;

    private final Map<String, List<EdgeSpec>> cells;

    public Nb201Space() {
        List<EdgeSpec> edges = new ArrayList<>();
        for (int to = 1; to < NODES; to++) {
            for (int from = 0; from < to; from++) {
                edges.add(new EdgeSpec(from, to, Primitives.NB201));
            }
        }
        cells = Map.of(CELL, List.copyOf(edges));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, List<EdgeSpec>> cells() {
        return cells;
    }

    @Override
    public MacroConfig standardNetwork(int inChannels, int numClasses) {
        return new MacroConfig(16, 5, inChannels, numClasses);
    }

    @Override
    public Supernet supernet(MacroConfig config, SupernetOptions options, ParamFactory f) {
        return new Nb201Supernet(this, config, options, f);
    }

    /** NAS-Bench-201 discretisation: the strongest op of every edge, none included. */
    @Override
    public Genotype discretize(Map<String, double[][]> probs) {
        double[][] p = probs.get(CELL);
        List<EdgeSpec> edges = cells.get(CELL);
        List<List<Edge>> nodes = new ArrayList<>();
        for (int to = 1; to < NODES; to++) {
            nodes.add(new ArrayList<>());
        }
        for (int e = 0; e < edges.size(); e++) {
            EdgeSpec s = edges.get(e);
            nodes.get(s.to() - 1).add(new Edge(s.ops().get(argmax(p[e])), s.from()));
        }
        List<List<Edge>> frozen = new ArrayList<>();
        nodes.forEach(n -> frozen.add(List.copyOf(n)));
        return new Nb201Genotype(List.copyOf(frozen));
    }

    /** One-hot rows of the genotype's op on every edge ("none" included: its row selects none). */
    @Override
    public Map<String, double[][]> selection(Genotype genotype) {
        Nb201Genotype g = nb201Genotype(genotype);
        List<EdgeSpec> edges = cells.get(CELL);
        double[][] rows = new double[edges.size()][];
        for (int e = 0; e < edges.size(); e++) {
            EdgeSpec s = edges.get(e);
            rows[e] = new double[s.ops().size()];
            rows[e][s.ops().indexOf(g.op(s.to(), s.from()))] = 1;
        }
        return Map.of(CELL, rows);
    }

    private static Nb201Genotype nb201Genotype(Genotype genotype) {
        if (!(genotype instanceof Nb201Genotype g)) {
            throw new BadInputException("genotype of space '" + genotype.space() + "' cannot build a network of space "
                    + NAME + ": expected a NAS-Bench-201 genotype");
        }
        return g;
    }

    @Override
    public DiscreteNetwork network(Genotype genotype, MacroConfig config, ParamFactory f, boolean auxiliaryHead) {
        return new Nb201Network(this, nb201Genotype(genotype), config, f);
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
