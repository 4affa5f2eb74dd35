package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.space.ops.FusedOps;
import org.distillnas.space.ops.Op;
import org.distillnas.space.ops.OpInput;

/**
 * The mixed edges that leave one node of a supernet cell, computed together. Every such edge applies
 * its candidate ops to the same input, so ops of one kind ({@link Op#fusionKey}) across the edges
 * run as one fused computation: the convolutions of all edges as one convolution over stacked
 * weights, a pooling once for all edges. Each edge's output is the same function of the node as in
 * {@link MixedEdge#forward}; only rounding differs (the op weights are folded into BatchNorm, sums
 * accumulate in place).
 */
final class FanOut {
    /** Op {@code op} of the {@code edge}-th edge leaving the node. */
    private record Member(int edge, int op) {}

    private record Group(FusedOps ops, List<Member> members) {}

    private final int[] edgeIds;
    private final List<MixedEdge> edges;
    private final List<Group> groups = new ArrayList<>();

    private FanOut(int[] edgeIds, List<MixedEdge> edges) {
        this.edgeIds = edgeIds;
        this.edges = List.copyOf(edges);
        Map<Object, List<Member>> byKey = new LinkedHashMap<>();
        for (int k = 0; k < edges.size(); k++) {
            List<Op> ops = edges.get(k).mixedOp().ops();
            for (int o = 0; o < ops.size(); o++) {
                Op op = ops.get(o);
                if (op.isZero()) {
                    continue;
                }
                Object key = op.fusionKey();
                // an op without a key forms a group of its own
                Object group = key == null ? new Object() : List.of(op.getClass(), key);
                byKey.computeIfAbsent(group, g -> new ArrayList<>()).add(new Member(k, o));
            }
        }
        byKey.values().forEach(members -> {
            List<Op> ops = members.stream().map(m -> this.edges.get(m.edge()).mixedOp().ops().get(m.op())).toList();
            groups.add(new Group(ops.get(0).fuse(ops), List.copyOf(members)));
        });
    }

    /**
     * The fan-out of the given edges (all leaving one node), or null when they do not read the node
     * the same way (partial-channel edges with different splits mixed with full ones), so that they
     * must be computed one by one.
     */
    static FanOut of(int[] edgeIds, List<MixedEdge> edges) {
        MixedEdge first = edges.get(0);
        for (MixedEdge e : edges) {
            boolean same = e instanceof PartialChannelMixedOp p
                    ? first instanceof PartialChannelMixedOp f && f.sameSplit(p)
                    : !(first instanceof PartialChannelMixedOp);
            if (!same) {
                return null;
            }
        }
        return new FanOut(edgeIds, edges);
    }

    /** Each edge's output, scaled by its edge weight, in the order of {@link #edgeIds}. */
    NDArray[] forward(OpInput node, CellWeights weights, boolean training) {
        int n = edges.size();
        OpInput in = edges.get(0).opInput(node);
        NDArray[][] opWeights = new NDArray[n][];
        NDArray[][] terms = new NDArray[n][];
        for (int k = 0; k < n; k++) {
            NDArray[] w = weights.ops(edgeIds[k]);
            NDArray edgeWeight = weights.edge(edgeIds[k]);
            opWeights[k] = edgeWeight == null ? w : MixedOp.scaled(w, edgeWeight);
            terms[k] = new NDArray[w.length];
        }
        for (Group g : groups) {
            NDArray[] w = new NDArray[g.members().size()];
            for (int m = 0; m < w.length; m++) {
                Member member = g.members().get(m);
                w[m] = opWeights[member.edge()][member.op()];
            }
            NDArray[] out = g.ops().forward(in, w, training);
            for (int m = 0; m < w.length; m++) {
                Member member = g.members().get(m);
                terms[member.edge()][member.op()] = out[m];
            }
        }
        NDArray[] bypass = new NDArray[1];
        NDArray[] outputs = new NDArray[n];
        for (int k = 0; k < n; k++) {
            Sum sum = new Sum();
            for (NDArray t : terms[k]) {
                sum.add(t);
            }
            // every candidate is "none": the edge outputs zeros of the right shape
            NDArray mixed = sum.isEmpty() ? edges.get(k).mixedOp().ops().get(0).forward(in, training) : sum.value();
            outputs[k] = edges.get(k).output(mixed, bypass, node, weights.edge(edgeIds[k]));
        }
        return outputs;
    }

    /**
     * A sum of feature maps that accumulates in place once it owns its tensor: the first term may be
     * a view or an array another op saved for its backward pass, so it is never written to; the sum
     * of the first two is a fresh array that no backward pass reads, so later terms add into it.
     */
    static final class Sum {
        private NDArray value;
        private boolean owned;

        void add(NDArray term) {
            if (term == null) {
                return;
            }
            if (value == null) {
                value = term;
            } else if (!owned) {
                value = value.add(term);
                owned = true;
            } else {
                value.addi(term);
            }
        }

        boolean isEmpty() {
            return value == null;
        }

        NDArray value() {
            return value;
        }
    }
}
