package org.distillnas.space;

import java.util.List;

/** Names of the candidate operations, spelled as in the papers' code. */
public final class Primitives {
    private Primitives() {}

    public static final String NONE = "none";
    public static final String SKIP = "skip_connect";
    public static final String NOR_CONV_1X1 = "nor_conv_1x1";
    public static final String NOR_CONV_3X3 = "nor_conv_3x3";
    public static final String AVG_POOL_3X3 = "avg_pool_3x3";
    public static final String MAX_POOL_3X3 = "max_pool_3x3";
    public static final String SEP_CONV_3X3 = "sep_conv_3x3";
    public static final String SEP_CONV_5X5 = "sep_conv_5x5";
    public static final String DIL_CONV_3X3 = "dil_conv_3x3";
    public static final String DIL_CONV_5X5 = "dil_conv_5x5";
    /**
     * RobustDARTS S4: standard-normal noise of the op's output shape, independent of the input's
     * values (see {@link org.distillnas.space.ops.Noise}).
     */
    public static final String NOISE = "noise";

    /** The NAS-Bench-201 cell's five candidates, in the benchmark's order. */
    public static final List<String> NB201 =
            List.of(NONE, SKIP, NOR_CONV_1X1, NOR_CONV_3X3, AVG_POOL_3X3);

    /** The DARTS cell's eight candidates, in the original code's order. */
    public static final List<String> DARTS =
            List.of(NONE, MAX_POOL_3X3, AVG_POOL_3X3, SKIP, SEP_CONV_3X3, SEP_CONV_5X5, DIL_CONV_3X3, DIL_CONV_5X5);
}
