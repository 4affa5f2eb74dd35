package org.distillnas.supernet;

import java.util.Arrays;
import java.util.Locale;
import org.distillnas.util.BadInputException;

/** How a sampling supernet shares weights between the subnets of its space. */
public enum WeightSharing {
    /**
     * AlphaNet, BigNAS, Once-for-All: one set of weights at the largest choice of every dimension; a
     * smaller kernel is the centre of the largest, fewer channels or a smaller expand ratio the first
     * ones, fewer blocks the first of a stage.
     */
    ELASTIC,
    /**
     * SPOS, Cream: independent weights per (layer, kernel and expand choice), plus a skip (identity)
     * where the space allows one; widths remain elastic.
     */
    CHOICE;

    /** The name on the command line: elastic, choice. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WeightSharing byLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst()
                .orElseThrow(() -> new BadInputException("unknown weight sharing '" + label + "', expected elastic or choice"));
    }
}
