package org.distillnas.space.nb201;

import ai.djl.ndarray.NDArray;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.supernet.DiscreteNetwork;

/** The stand-alone NAS-Bench-201 network of one cell architecture. */
final class Nb201Network extends DiscreteNetwork {
    private final Nb201Genotype genotype;
    private final Nb201Body body;

    Nb201Network(Nb201Space space, Nb201Genotype genotype, MacroConfig config, ParamFactory f) {
        this.genotype = genotype;
        body = child("net", new Nb201Body(f, config,
                (pf, c) -> new Nb201FixedCell(pf, space.cells().get(Nb201Space.CELL), genotype, c)));
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
