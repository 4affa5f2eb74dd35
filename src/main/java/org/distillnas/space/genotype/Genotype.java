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
}
