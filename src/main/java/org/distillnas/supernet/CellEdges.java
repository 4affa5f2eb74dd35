package org.distillnas.supernet;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.distillnas.space.EdgeSpec;
import org.distillnas.space.ops.OpInput;

/**
 * The searchable edges of a supernet cell and how the cell's nodes are summed from them: node j is
 * the sum, over the edges that end in j, of the edge's output on its source node.
 *
 * <p>Unfused, the edges run one by one in the order of their specs (by target node). Fused, the
 * edges run by source node, every node's outgoing edges together ({@link FanOut}): a node is
 * complete before it is read because every edge goes from an earlier node to a later one, and each
 * node still sums its incoming edges in the order of their sources. Both compute the same function;
 * the fused pass does less work.
 */
public final class CellEdges {
    private final List<EdgeSpec> specs;
    private final List<MixedEdge> edges;
    private final int nodes;
    /** Per node, the edges leaving it, in spec order. */
    private final int[][] leaving;
    private final List<FanOut> fanOuts = new ArrayList<>();
    private final boolean fused;

    /**
     * @param specs the edges in the order of their target nodes
     * @param nodes number of nodes of the cell, inputs included
     * @param fused compute each node's outgoing edges together
     */
    public CellEdges(List<EdgeSpec> specs, List<MixedEdge> edges, int nodes, boolean fused) {
        this.specs = List.copyOf(specs);
        this.edges = List.copyOf(edges);
        this.nodes = nodes;
        this.fused = fused;
        this.leaving = new int[nodes][];
        for (int source = 0; source < nodes; source++) {
            int from = source;
            leaving[source] = IntStream.range(0, specs.size()).filter(e -> specs.get(e).from() == from).toArray();
            fanOuts.add(!fused || leaving[source].length == 0 ? null
                    : FanOut.of(leaving[source], Arrays.stream(leaving[source]).mapToObj(edges::get).toList()));
        }
    }

    /**
     * Fills every node that edges end in.
     *
     * @param nodes the cell's nodes, with its input nodes set
     */
    public void forward(NDArray[] nodes, CellWeights weights, boolean training) {
        if (nodes.length != this.nodes) {
            throw new IllegalArgumentException("expected " + this.nodes + " nodes, got " + nodes.length);
        }
        if (!fused) {
            forwardByEdge(nodes, weights, training);
            return;
        }
        FanOut.Sum[] sums = new FanOut.Sum[nodes.length];
        for (int source = 0; source < nodes.length; source++) {
            if (sums[source] != null) {
                nodes[source] = sums[source].value();
            }
            FanOut fan = fanOuts.get(source);
            OpInput in = new OpInput(nodes[source]);
            int[] ids = leaving[source];
            NDArray[] outs = fan == null ? null : fan.forward(in, weights, training);
            for (int k = 0; k < ids.length; k++) {
                int e = ids[k];
                NDArray out = outs != null ? outs[k] : edges.get(e).forward(in, weights.ops(e), weights.edge(e), training);
                int to = specs.get(e).to();
                if (sums[to] == null) {
                    sums[to] = new FanOut.Sum();
                }
                sums[to].add(out);
            }
        }
    }

    /** One edge after another, in spec order (by target node). */
    private void forwardByEdge(NDArray[] nodes, CellWeights weights, boolean training) {
        OpInput[] inputs = new OpInput[nodes.length];
        for (int e = 0; e < specs.size(); e++) {
            EdgeSpec s = specs.get(e);
            if (inputs[s.from()] == null) {
                inputs[s.from()] = new OpInput(nodes[s.from()]);
            }
            NDArray out = edges.get(e).forward(inputs[s.from()], weights.ops(e), weights.edge(e), training);
            nodes[s.to()] = nodes[s.to()] == null ? out : nodes[s.to()].add(out);
        }
    }
}
