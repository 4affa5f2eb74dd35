package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.distillnas.supernet.DropPath;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.supernet.DiscreteNetwork;

/** The stand-alone DARTS network of one genotype (normal and reduction cell). */
final class DartsNetwork extends DiscreteNetwork {
    private final DartsGenotype genotype;
    private final DartsBody body;
    private final DropPath dropPath = new DropPath();
    private final int layers;

    DartsNetwork(DartsGenotype genotype, MacroConfig config, ParamFactory f, boolean auxiliaryHead) {
        this.genotype = genotype;
        this.layers = config.cells();
        body = child("net", new DartsBody(f, config, (pf, cpp, cp, c, red, redPrev) -> red
                ? new DartsFixedCell(pf, genotype.reduce(), genotype.reduceConcat(), cpp, cp, c, true, redPrev, dropPath)
                : new DartsFixedCell(pf, genotype.normal(), genotype.normalConcat(), cpp, cp, c, false, redPrev, dropPath),
                auxiliaryHead));
    }

    @Override
    public NDList forwardTraining(NDArray x) {
        NDArray[] aux = new NDArray[1];
        NDArray logits = body.forward(x, null, true, aux);
        return aux[0] == null ? new NDList(logits) : new NDList(logits, aux[0]);
    }

    /**
     * Gene k of a cell ({@code net.cells.I.ops.K.OP...}) sits on the supernet's edge from the
     * gene's input to node 2 + k/2 ({@code net.cells.I.edges.E.OP...}); other names are shared.
     */
    @Override
    public String supernetName(String name) {
        java.util.regex.Matcher m = GENE.matcher(name);
        if (!m.matches()) {
            return name;
        }
        int cell = Integer.parseInt(m.group(1));
        int k = Integer.parseInt(m.group(2));
        java.util.List<org.distillnas.space.genotype.Edge> genes =
                DartsBody.isReduction(cell, layers) ? genotype.reduce() : genotype.normal();
        int to = DartsSpace.INPUTS + k / 2;
        int edge = (to - 1) * to / 2 - 1 + genes.get(k).input();
        return "net.cells." + cell + ".edges." + edge + "." + m.group(3);
    }

    private static final java.util.regex.Pattern GENE = java.util.regex.Pattern.compile("net\\.cells\\.(\\d+)\\.ops\\.(\\d+)\\.(.*)");

    @Override
    public DropPath dropPath() {
        return dropPath;
    }

    @Override
    public Genotype genotype() {
        return genotype;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        return body.forward(x, null, training);
    }
}
