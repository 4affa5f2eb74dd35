package org.distillnas.space.genotype;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-written genotypes of the RobustDARTS spaces S1-S4, each using only its space's ops (in S1,
 * only each edge's own pair), for tests that need a valid genotype of every space.
 */
public final class RobustGenotypes {
    private static final List<Integer> CONCAT = List.of(2, 3, 4, 5);

    /** S1: every edge's op taken from that edge's pair (comments: the edge and its pair). */
    public static final DartsGenotype S1 = new DartsGenotype("darts-s1",
            cell("dil_conv_5x5", 1, // 1->2 {skip, dil5}
                    "skip_connect", 0, // 0->2 {skip, dil3}
                    "sep_conv_3x3", 1, // 1->3 {skip, sep3}
                    "dil_conv_3x3", 2, // 2->3 {skip, dil3}
                    "max_pool_3x3", 0, // 0->4 {max3, skip}
                    "sep_conv_3x3", 2, // 2->4 {skip, sep3}
                    "dil_conv_5x5", 4, // 4->5 {dil3, dil5}
                    "max_pool_3x3", 1), // 1->5 {max3, skip}
            CONCAT,
            cell("avg_pool_3x3", 0, // 0->2 {max3, avg3}
                    "dil_conv_3x3", 1, // 1->2 {max3, dil3}
                    "dil_conv_5x5", 2, // 2->3 {skip, dil5}
                    "max_pool_3x3", 1, // 1->3 {max3, avg3}
                    "sep_conv_3x3", 1, // 1->4 {max3, sep3}
                    "dil_conv_3x3", 2, // 2->4 {skip, dil3}
                    "skip_connect", 4, // 4->5 {skip, dil5}
                    "avg_pool_3x3", 0), // 0->5 {max3, avg3}
            CONCAT);

    /** S2: skip_connect and sep_conv_3x3 only. */
    public static final DartsGenotype S2 = new DartsGenotype("darts-s2",
            cell("sep_conv_3x3", 0, "sep_conv_3x3", 1, "sep_conv_3x3", 0, "skip_connect", 1,
                    "skip_connect", 2, "sep_conv_3x3", 1, "sep_conv_3x3", 3, "skip_connect", 2),
            CONCAT,
            cell("skip_connect", 0, "sep_conv_3x3", 1, "skip_connect", 2, "sep_conv_3x3", 0,
                    "sep_conv_3x3", 3, "skip_connect", 2, "skip_connect", 4, "sep_conv_3x3", 1),
            CONCAT);

    /** S3: the same two ops (derivation never keeps none). */
    public static final DartsGenotype S3 = new DartsGenotype("darts-s3",
            cell("skip_connect", 1, "skip_connect", 0, "sep_conv_3x3", 2, "skip_connect", 0,
                    "sep_conv_3x3", 3, "sep_conv_3x3", 0, "skip_connect", 4, "skip_connect", 3),
            CONCAT, S2.reduce(), CONCAT);

    /** S4: noise on some edges, sep_conv_3x3 on the others. */
    public static final DartsGenotype S4 = new DartsGenotype("darts-s4",
            cell("sep_conv_3x3", 0, "noise", 1, "noise", 2, "sep_conv_3x3", 0,
                    "sep_conv_3x3", 1, "sep_conv_3x3", 3, "noise", 4, "sep_conv_3x3", 0),
            CONCAT,
            cell("noise", 0, "sep_conv_3x3", 1, "sep_conv_3x3", 2, "noise", 1,
                    "sep_conv_3x3", 0, "noise", 3, "sep_conv_3x3", 4, "sep_conv_3x3", 2),
            CONCAT);

    /** The genotypes above by space name. */
    public static final Map<String, DartsGenotype> BY_SPACE =
            Map.of("darts-s1", S1, "darts-s2", S2, "darts-s3", S3, "darts-s4", S4);

    private RobustGenotypes() {}

    private static List<Edge> cell(Object... opsAndInputs) {
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < opsAndInputs.length; i += 2) {
            edges.add(new Edge((String) opsAndInputs[i], (Integer) opsAndInputs[i + 1]));
        }
        return edges;
    }
}
