package org.distillnas.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.space.Primitives;

/**
 * Gives each op name one colour, the same in every chart of a run, so that "skip_connect" is
 * recognisable at a glance across edges and cells.
 *
 * <p>Known ops get fixed colours (stable across runs and spaces, so two runs' plots compare
 * directly); other names take the remaining palette colours in the order they are first asked
 * for, then repeat.
 */
final class OpColors {
    // A qualitative palette whose colours stay apart on white and in print.
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a),
    };

    /** Known ops in palette order: the DARTS list, then what only NAS-Bench-201 and S4 add. */
    private static final List<String> KNOWN = List.of(
            Primitives.NONE, Primitives.MAX_POOL_3X3, Primitives.AVG_POOL_3X3, Primitives.SKIP,
            Primitives.SEP_CONV_3X3, Primitives.SEP_CONV_5X5, Primitives.DIL_CONV_3X3, Primitives.DIL_CONV_5X5,
            Primitives.NOR_CONV_1X1, Primitives.NOR_CONV_3X3, Primitives.NOISE);

    private final Map<String, Color> assigned = new LinkedHashMap<>();

    /** The colour of {@code op}; the same name always gets the same colour from one instance. */
    Color of(String op) {
        return assigned.computeIfAbsent(op, name -> {
            int known = KNOWN.indexOf(name);
            if (known >= 0) {
                return PALETTE[known % PALETTE.length];
            }
            long unknownSoFar = assigned.keySet().stream().filter(n -> !KNOWN.contains(n)).count();
            return PALETTE[(int) ((KNOWN.size() + unknownSoFar) % PALETTE.length)];
        });
    }

    /**
     * {@code ops} with the known ones first, in the papers' order, then the others as given: a
     * legend in this order reads the same for every run.
     */
    static List<String> ordered(Collection<String> ops) {
        List<String> sorted = new ArrayList<>(ops);
        // Stable sort: unknown ops (index -1 mapped past the end) keep their relative order.
        sorted.sort(Comparator.comparingInt(op -> KNOWN.contains(op) ? KNOWN.indexOf(op) : KNOWN.size()));
        return sorted;
    }
}
