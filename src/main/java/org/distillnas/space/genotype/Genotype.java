package org.distillnas.space.genotype;

/**
 * A discrete architecture chosen from a search space: what a search outputs and what a final
 * network is built from.
 *
 * <p>Sealed so that code which builds networks or writes files can switch over the formats
 * exhaustively: the two cell formats and the sub-networks of sampling spaces ({@link Subnet}).
 */
public sealed interface Genotype permits Nb201Genotype, DartsGenotype, Subnet {

    /** The name of the search space that produced this genotype, e.g. "nb201", "darts", "darts-s2". */
    String space();

    /**
     * The op of every chosen edge, cell by cell (DARTS: normal then reduction cell); for a subnet,
     * every layer that runs, stage by stage, as {@code k<kernel>e<expand>}.
     */
    default java.util.List<String> ops() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (this instanceof Nb201Genotype g) {
            g.nodes().forEach(node -> node.forEach(e -> out.add(e.op())));
        } else if (this instanceof DartsGenotype g) {
            g.normal().forEach(e -> out.add(e.op()));
            g.reduce().forEach(e -> out.add(e.op()));
        } else if (this instanceof Subnet s) {
            s.stages().forEach(st -> st.layers().stream().filter(l -> !l.skip()).forEach(l -> out.add(l.toString())));
        }
        return out;
    }
}
