package org.distillnas.space.darts;

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
 * The DARTS supernet: normal cells share alpha_normal, reduction cells share alpha_reduce (and
 * beta_normal, beta_reduce with edge normalisation).
 */
final class DartsSupernet extends Supernet {
    private final DartsBody body;

    DartsSupernet(DartsSpace space, MacroConfig config, SupernetOptions options, ParamFactory f) {
        super(space, new ArchWeights(f, space.cells(), options.edgeNormalization()), options);
        OpRegistry.OpOptions opOptions = new OpRegistry.OpOptions(options.affine(), true, options.trackRunningStats());
        body = child("net", new DartsBody(f, config, (pf, cpp, cp, c, red, redPrev) -> new DartsSearchCell(pf,
                space.cells().get(red ? DartsSpace.REDUCE : DartsSpace.NORMAL), cpp, cp, c, red, redPrev, opOptions,
                options.partialChannels(), options.fused())));
    }

    @Override
    public NDArray forward(NDArray x, Map<String, CellWeights> weights, boolean training) {
        return body.forward(x, weights, training);
    }
}
