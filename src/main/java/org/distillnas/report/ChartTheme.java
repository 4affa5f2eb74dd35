package org.distillnas.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.distillnas.space.Primitives;

/**
 * The look shared by every chart of the project: the PNGs drawn here, and the ECharts charts and
 * cell drawings of the HTML report and the dashboard. A run's PNG and its web page must show an op,
 * a series or a group in the same colour, so the values live here once and reach the browser
 * through {@link #toJson()}.
 *
 * <p>An op's colour depends on its name only, never on which ops were drawn before, so that two
 * pictures made apart (a PNG now, a web page later, in another process) agree without sharing
 * state.
 */
public final class ChartTheme {
    /**
     * A qualitative palette whose colours stay apart on white and in print: the first twelve
     * serve series, groups and the known ops; the rest only ops this class does not know.
     */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a),
        new Color(0x637939), new Color(0x8c6d31), new Color(0x7b4173), new Color(0xe7ba52),
        new Color(0x6baed6), new Color(0x5254a3),
    };

    /** How many palette colours serve series and groups before they repeat. */
    private static final int SERIES_COLORS = 12;

    /**
     * Known ops in the papers' order: the DARTS list, then what only NAS-Bench-201 and S4 add. Op
     * {@code i} has palette colour {@code i}; fixed, so two runs' plots compare directly.
     */
    private static final List<String> KNOWN_OPS = List.of(
            Primitives.NONE, Primitives.MAX_POOL_3X3, Primitives.AVG_POOL_3X3, Primitives.SKIP,
            Primitives.SEP_CONV_3X3, Primitives.SEP_CONV_5X5, Primitives.DIL_CONV_3X3, Primitives.DIL_CONV_5X5,
            Primitives.NOR_CONV_1X1, Primitives.NOR_CONV_3X3, Primitives.NOISE);

    /** The train series of a train/validation pair. */
    public static final Color TRAIN = PALETTE[0];
    /** The validation series of a train/validation pair. */
    public static final Color VAL = PALETTE[3];

    /** Font family: Java's logical sans-serif font, CSS's generic {@code sans-serif}. */
    public static final String FONT_FAMILY = Font.SANS_SERIF;
    /** Text size of axes, legends and labels, in pixels. */
    public static final int FONT_SIZE = 13;
    /** Text size of a picture's title, in pixels. */
    public static final int TITLE_SIZE = 16;

    public static final Color BACKGROUND = Color.WHITE;
    public static final Color TEXT = Color.BLACK;
    public static final Color GRID = new Color(0xe0e0e0);
    /** The frame around a plot area. */
    public static final Color AXIS = new Color(0xb0b0b0);
    /** Reference lines drawn over the data, e.g. budgets. */
    public static final Color REFERENCE = new Color(0x808080);
    /** The strongest colour of a heat map (the alphas' probabilities per edge and epoch). */
    public static final Color HEAT = new Color(0x08519c);

    /** Cell drawings: the fill of input nodes, of intermediate nodes and of the output node. */
    public static final Color CELL_INPUT = new Color(0xd9ead3);
    public static final Color CELL_NODE = new Color(0xdce9f7);
    public static final Color CELL_OUTPUT = new Color(0xfce8b2);
    /** Cell drawings: the outline of nodes and the edges that concatenate nodes into the output. */
    public static final Color CELL_LINE = new Color(0x666666);

    private ChartTheme() {}

    /** A font of the theme's family; {@code style} is {@link Font#PLAIN} or {@link Font#BOLD}. */
    public static Font font(int style, int size) {
        return new Font(FONT_FAMILY, style, size);
    }

    /** The colour of the {@code i}-th group, method or series of a chart (cycles through the palette). */
    public static Color seriesColor(int i) {
        return PALETTE[Math.floorMod(i, SERIES_COLORS)];
    }

    /**
     * The colour of op {@code op}: a fixed one for the ops of {@link Primitives}; for any other
     * name one of the palette's remaining colours, picked by {@link String#hashCode()} of the name
     * (a formula the Java language fixes, so a browser can compute it too).
     */
    public static Color opColor(String op) {
        int known = KNOWN_OPS.indexOf(op);
        if (known >= 0) {
            return PALETTE[known];
        }
        int others = PALETTE.length - KNOWN_OPS.size();
        return PALETTE[KNOWN_OPS.size() + Math.floorMod(op.hashCode(), others)];
    }

    /**
     * {@code ops} with the known ones first, in the papers' order, then the others as given: a
     * legend in this order reads the same for every run.
     */
    public static List<String> orderOps(Collection<String> ops) {
        List<String> sorted = new ArrayList<>(ops);
        // Stable sort: unknown ops (all mapped past the end) keep their relative order.
        sorted.sort(Comparator.comparingInt(op -> KNOWN_OPS.contains(op) ? KNOWN_OPS.indexOf(op) : KNOWN_OPS.size()));
        return sorted;
    }

    /** The ops with a fixed colour, in the papers' order. */
    public static List<String> knownOps() {
        return KNOWN_OPS;
    }

    /** {@code #rrggbb}, lower case, as CSS and ECharts take it. */
    public static String hex(Color c) {
        return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
    }

    /**
     * The theme for the browser, colours as {@code #rrggbb}:
     * <ul>
     * <li>{@code palette}: colours for groups and methods, in order ({@link #seriesColor}); give it
     * to ECharts as {@code color};
     * <li>{@code train}, {@code val}: the train and validation series;
     * <li>{@code ops}: op name to colour, for every known op ({@link #opColor});
     * <li>{@code other_ops}: the colours of unknown ops: op {@code s} takes entry
     * {@code floorMod(h, other_ops.length)} where {@code h} is Java's {@code s.hashCode()}, i.e.
     * {@code h = (31 * h + s.charCodeAt(i)) | 0} over the name's UTF-16 code units, from 0;
     * <li>{@code font_family} (CSS generic family), {@code font_size} and {@code title_size}
     * (pixels);
     * <li>{@code background}, {@code text}, {@code grid} (grid lines), {@code axis} (plot frame),
     * {@code reference} (reference lines such as budgets), {@code heat} (a heat map's strongest
     * colour);
     * <li>{@code cell}: cell drawings' {@code input}, {@code node} and {@code output} node fills and
     * {@code line} (node outlines and concat edges).
     * </ul>
     */
    public static ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode json = f.objectNode();
        ArrayNode palette = json.putArray("palette");
        for (int i = 0; i < SERIES_COLORS; i++) {
            palette.add(hex(seriesColor(i)));
        }
        json.put("train", hex(TRAIN));
        json.put("val", hex(VAL));
        ObjectNode ops = json.putObject("ops");
        KNOWN_OPS.forEach(op -> ops.put(op, hex(opColor(op))));
        ArrayNode others = json.putArray("other_ops");
        for (int i = KNOWN_OPS.size(); i < PALETTE.length; i++) {
            others.add(hex(PALETTE[i]));
        }
        json.put("font_family", "sans-serif");
        json.put("font_size", FONT_SIZE);
        json.put("title_size", TITLE_SIZE);
        json.put("background", hex(BACKGROUND));
        json.put("text", hex(TEXT));
        json.put("grid", hex(GRID));
        json.put("axis", hex(AXIS));
        json.put("reference", hex(REFERENCE));
        json.put("heat", hex(HEAT));
        ObjectNode cell = json.putObject("cell");
        cell.put("input", hex(CELL_INPUT));
        cell.put("node", hex(CELL_NODE));
        cell.put("output", hex(CELL_OUTPUT));
        cell.put("line", hex(CELL_LINE));
        return json;
    }
}
