package org.distillnas.space.nb201;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.ops.OpRegistry;
import org.distillnas.supernet.ArchWeights;
import org.distillnas.supernet.CellWeights;
import org.distillnas.supernet.Supernet;

/**
 * The NAS-Bench-201 supernet: every cell shares one alpha of 6 edges x 5 ops (and one beta of 6
 * edges with edge normalisation).
 */
final class Nb201Supernet extends Supernet {
    private final Nb201Body body;

    Nb201Supernet(Nb201Space space, MacroConfig config, SupernetOptions options, ParamFactory f) {
        super(space, new ArchWeights(f, space.cells(), options.edgeNormalization()), options);
        OpRegistry.OpOptions opOptions = new OpRegistry.OpOptions(options.affine(), false, options.trackRunningStats());
        body = child("net", new Nb201Body(f, config, (pf, c) -> new Nb201SearchCell(pf, space.cells().get(Nb201Space.CELL),
                c, opOptions, options.partialChannels(), options.fused())));
    }

    @Override
    public NDArray forward(NDArray x, Map<String, CellWeights> weights, boolean training) {
        return body.forward(x, weights.get(Nb201Space.CELL), training);
    }
}
