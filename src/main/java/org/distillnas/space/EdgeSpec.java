package org.distillnas.space;

import java.util.List;

/**
 * One searchable edge of a cell: from node {@code from} to node {@code to}, choosing among
 * {@code ops}. Spaces may give every edge its own op set (RobustDARTS S1-S4).
 */
public record EdgeSpec(int from, int to, List<String> ops) {
    public EdgeSpec {
        ops = List.copyOf(ops);
    }

    /** The edge's label in logs and plots, e.g. {@code 0->2}. */
    public String label() {
        return from + "->" + to;
    }
}
