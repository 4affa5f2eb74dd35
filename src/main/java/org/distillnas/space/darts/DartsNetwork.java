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

    DartsNetwork(DartsGenotype genotype, MacroConfig config, ParamFactory f, boolean auxiliaryHead) {
        this.genotype = genotype;
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
