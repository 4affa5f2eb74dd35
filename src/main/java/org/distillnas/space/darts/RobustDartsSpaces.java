package org.distillnas.space.darts;

import java.util.List;
import java.util.Map;
import org.distillnas.space.Primitives;
import org.distillnas.util.BadInputException;

/**
 * The four reduced DARTS spaces of RobustDARTS: Zela, Elsken, Saikia, Marrakchi, Brox and Hutter,
 * "Understanding and Robustifying Differentiable Architecture Search", ICLR 2020, Section 3 and
 * Appendix; op lists as in the authors' {@code src/spaces.py}. Each keeps the DARTS cell layout
 * (14 edges per cell, in {@link DartsSpace}'s edge order 0->2, 1->2, 0->3, 1->3, 2->3, 0->4, ...)
 * and narrows the candidates, so that DARTS's failure modes show up in a few epochs:
 *
 * <ul>
 *   <li>S1 ({@code darts-s1}): two ops per edge, different per edge and per cell type: the two
 *       strongest ops of each edge in the DARTS space's supernet, so that dominance of
 *       parameter-free ops can be seen.
 *   <li>S2 ({@code darts-s2}): {skip_connect, sep_conv_3x3} on every edge.
 *   <li>S3 ({@code darts-s3}): {none, skip_connect, sep_conv_3x3} on every edge.
 *   <li>S4 ({@code darts-s4}): {noise, sep_conv_3x3} on every edge; noise is standard-normal noise
 *       ({@link org.distillnas.space.ops.Noise}), which a sound search should never choose.
 * </ul>
 *
 * <p>Within an edge the ops keep the reference's order, which is the column order of alpha.
 */
public final class RobustDartsSpaces {
    public static final String S1 = "darts-s1";
    public static final String S2 = "darts-s2";
    public static final String S3 = "darts-s3";
    public static final String S4 = "darts-s4";

    /** The four space names, S1 to S4. */
    public static final List<String> NAMES = List.of(S1, S2, S3, S4);

    private static final String SKIP = Primitives.SKIP;
    private static final String SEP3 = Primitives.SEP_CONV_3X3;
    private static final String DIL3 = Primitives.DIL_CONV_3X3;
    private static final String DIL5 = Primitives.DIL_CONV_5X5;
    private static final String MAX3 = Primitives.MAX_POOL_3X3;
    private static final String AVG3 = Primitives.AVG_POOL_3X3;

    /** S1, normal cell: the op pair of each of the 14 edges, in edge order. */
    private static final List<List<String>> S1_NORMAL = List.of(
            List.of(SKIP, DIL3), List.of(SKIP, DIL5), // 0->2, 1->2
            List.of(SKIP, DIL5), List.of(SKIP, SEP3), List.of(SKIP, DIL3), // 0->3, 1->3, 2->3
            List.of(MAX3, SKIP), List.of(SKIP, SEP3), List.of(SKIP, SEP3), List.of(SKIP, DIL3), // 0->4 .. 3->4
            List.of(SKIP, SEP3), List.of(MAX3, SKIP), List.of(SKIP, DIL3), List.of(DIL3, DIL5), // 0->5 .. 3->5
            List.of(DIL3, DIL5)); // 4->5

    /** S1, reduction cell: the op pair of each of the 14 edges, in edge order. */
    private static final List<List<String>> S1_REDUCE = List.of(
            List.of(MAX3, AVG3), List.of(MAX3, DIL3), // 0->2, 1->2
            List.of(MAX3, AVG3), List.of(MAX3, AVG3), List.of(SKIP, DIL5), // 0->3, 1->3, 2->3
            List.of(MAX3, AVG3), List.of(MAX3, SEP3), List.of(SKIP, DIL3), List.of(SKIP, DIL5), // 0->4 .. 3->4
            List.of(MAX3, AVG3), List.of(MAX3, AVG3), List.of(SKIP, DIL5), List.of(SKIP, DIL5), // 0->5 .. 3->5
            List.of(SKIP, DIL5)); // 4->5

    private static final Map<String, List<String>> UNIFORM = Map.of(
            S2, List.of(SKIP, SEP3),
            S3, List.of(Primitives.NONE, SKIP, SEP3),
            S4, List.of(Primitives.NOISE, SEP3));

    private RobustDartsSpaces() {}

    /** Space {@code name}, one of {@link #NAMES}. */
    public static DartsSpace create(String name) {
        return new DartsSpace(name, normalOps(name), reduceOps(name));
    }

    /** The op list of each normal-cell edge of space {@code name}, in edge order. */
    public static List<List<String>> normalOps(String name) {
        return name.equals(S1) ? S1_NORMAL : DartsSpace.uniform(uniformOps(name));
    }

    /** The op list of each reduction-cell edge of space {@code name}, in edge order. */
    public static List<List<String>> reduceOps(String name) {
        return name.equals(S1) ? S1_REDUCE : DartsSpace.uniform(uniformOps(name));
    }

    private static List<String> uniformOps(String name) {
        List<String> ops = UNIFORM.get(name);
        if (ops == null) {
            throw new BadInputException("unknown RobustDARTS space '" + name + "', expected one of " + String.join(", ", NAMES));
        }
        return ops;
    }
}
