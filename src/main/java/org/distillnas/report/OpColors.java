package org.distillnas.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Gives each op name one colour, the same in every chart of a run, so that "skip_connect" is
 * recognisable at a glance across edges and cells.
 *
 * <p>The colours come from {@link ChartTheme}, which the HTML report shares.
 */
final class OpColors {
    /** The colour of {@code op}: {@link ChartTheme#opColor}, the same in every chart and page. */
    Color of(String op) {
        return ChartTheme.opColor(op);
    }

    /**
     * {@code ops} with the known ones first, in the papers' order, then the others as given: a
     * legend in this order reads the same for every run.
     */
    static List<String> ordered(Collection<String> ops) {
        List<String> sorted = new ArrayList<>(ops);
        List<String> known = ChartTheme.KNOWN_OPS;
        // Stable sort: unknown ops (index -1 mapped past the end) keep their relative order.
        sorted.sort(Comparator.comparingInt(op -> known.contains(op) ? known.indexOf(op) : known.size()));
        return sorted;
    }
}
