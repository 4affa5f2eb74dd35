package org.distillnas.space.genotype;

/**
 * A discrete architecture chosen from a search space: what a search outputs and what a final
 * network is built from.
 *
 * <p>Sealed so that code which builds networks or writes files can switch over the two cell
 * formats exhaustively.
 */
public sealed interface Genotype permits Nb201Genotype, DartsGenotype {

    /** The name of the search space that produced this genotype, e.g. "nb201", "darts", "darts-s2". */
    String space();

    /** The op of every chosen edge, cell by cell (DARTS: normal then reduction cell). */
    default java.util.List<String> ops() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (this instanceof Nb201Genotype g) {
            g.nodes().forEach(node -> node.forEach(e -> out.add(e.op())));
        } else if (this instanceof DartsGenotype g) {
            g.normal().forEach(e -> out.add(e.op()));
            g.reduce().forEach(e -> out.add(e.op()));
        }
        return out;
    }
}
