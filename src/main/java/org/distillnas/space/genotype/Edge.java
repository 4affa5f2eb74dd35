package org.distillnas.space.genotype;

import java.util.Objects;

/**
 * One chosen edge of a cell: the operation {@code op} applied to the output of node {@code input}.
 *
 * <p>Shared by both cell formats. The node numbering is the format's own: in NAS-Bench-201 node 0
 * is the cell input; in DARTS nodes 0 and 1 are the two cell inputs. Range checks are done by the
 * genotype that holds the edge, because only it knows which node the edge leads to.
 */
public record Edge(String op, int input) {
    public Edge {
        Objects.requireNonNull(op, "op");
    }
}
