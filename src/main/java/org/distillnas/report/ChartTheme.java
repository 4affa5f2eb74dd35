package org.distillnas.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;
import org.distillnas.space.Primitives;

/**
 * The look of every chart and drawing this project makes, in one place: the PNGs written beside a
 * run (XChart, Java2D) and the HTML report and dashboard (ECharts, SVG) take their colours and
 * fonts from here, so an op, a training curve or a validation curve looks the same everywhere.
 */
public final class ChartTheme {
    /** A qualitative palette whose colours stay apart on white and in print. */
    public static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a));
    public static final Color TRAIN = new Color(0x1f77b4);
    public static final Color VALIDATION = new Color(0xd62728);
    public static final Color BACKGROUND = Color.WHITE;
    public static final Color GRID = new Color(0xe0e0e0);
    public static final Color BORDER = new Color(0xb0b0b0);
    /** Text and node outlines of drawings. */
    public static final Color INK = new Color(0x222222);
    /** Edges that are not ops (a cell's concatenation into its output). */
    public static final Color MUTED = new Color(0x9a9a9a);
    /** The darkest colour of the heat maps (probability 1 in the alphas' heat maps). */
    public static final Color HEAT = new Color(0x08519c);
    public static final int FONT_SIZE = 13;
    public static final int TITLE_SIZE = 16;

    /** Known ops in palette order: the DARTS list, then what only NAS-Bench-201 and S4 add. */
    static final List<String> KNOWN_OPS = List.of(
            Primitives.NONE, Primitives.MAX_POOL_3X3, Primitives.AVG_POOL_3X3, Primitives.SKIP,
            Primitives.SEP_CONV_3X3, Primitives.SEP_CONV_5X5, Primitives.DIL_CONV_3X3, Primitives.DIL_CONV_5X5,
            Primitives.NOR_CONV_1X1, Primitives.NOR_CONV_3X3, Primitives.NOISE);

    private ChartTheme() {}

    /**
     * The colour of {@code op}. Known ops have fixed colours, so two runs' charts compare directly;
     * another name gets a palette colour picked by a hash of the name, not by the order names are
     * first seen, so that a page and a PNG drawn separately agree on it.
     */
    public static Color opColor(String op) {
        int known = KNOWN_OPS.indexOf(op);
        if (known >= 0) {
            return PALETTE.get(known % PALETTE.size());
        }
        int free = PALETTE.size() - KNOWN_OPS.size();
        return PALETTE.get(KNOWN_OPS.size() + Math.floorMod(op.hashCode(), free));
    }

    /** The sans-serif font of charts and drawings. */
    public static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    /** {@code #rrggbb}. */
    public static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /**
     * The same look for the browser: {@code palette} (hex colours), {@code train},
     * {@code val}, {@code ops} (every known op's colour by name), {@code background},
     * {@code grid}, {@code ink}, {@code muted}, {@code heat}, {@code font_family} (CSS),
     * {@code font_size} and {@code title_size} (pixels).
     */
    public static ObjectNode toJson() {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        ArrayNode palette = t.putArray("palette");
        PALETTE.forEach(c -> palette.add(hex(c)));
        t.put("train", hex(TRAIN));
        t.put("val", hex(VALIDATION));
        ObjectNode ops = t.putObject("ops");
        KNOWN_OPS.forEach(op -> ops.put(op, hex(opColor(op))));
        t.put("background", hex(BACKGROUND));
        t.put("grid", hex(GRID));
        t.put("ink", hex(INK));
        t.put("muted", hex(MUTED));
        t.put("heat", hex(HEAT));
        t.put("font_family", "sans-serif");
        t.put("font_size", FONT_SIZE);
        t.put("title_size", TITLE_SIZE);
        return t;
    }
}
