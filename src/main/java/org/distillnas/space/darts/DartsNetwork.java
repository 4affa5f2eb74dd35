package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.supernet.DiscreteNetwork;

/** The stand-alone DARTS network of one genotype (normal and reduction cell). */
final class DartsNetwork extends DiscreteNetwork {
    private final DartsGenotype genotype;
    private final DartsBody body;

    DartsNetwork(DartsGenotype genotype, MacroConfig config, ParamFactory f) {
        this.genotype = genotype;
        body = child("net", new DartsBody(f, config, (pf, cpp, cp, c, red, redPrev) -> red
                ? new DartsFixedCell(pf, genotype.reduce(), genotype.reduceConcat(), cpp, cp, c, true, redPrev)
                : new DartsFixedCell(pf, genotype.normal(), genotype.normalConcat(), cpp, cp, c, false, redPrev)));
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
