package org.distillnas.train;

import ai.djl.ndarray.NDManager;
import java.util.function.Function;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.supernet.RandomFeatures;
import org.distillnas.supernet.Supernet;

/**
 * Builds a search run's supernet from its configuration, in one place, so that the search, its
 * resume, the sharpness estimate's double-precision twin and {@code rank} all get the same network:
 * the same op options (BatchNorm affine and statistics, partial channels) and the same frozen random
 * features.
 */
public final class SearchSupernets {
    private SearchSupernets() {}

    /** The factory of the run's initial weights: seeded, with the random features' init scheme. */
    public static ParamFactory paramFactory(NDManager manager, SearchConfig c) {
        return new ParamFactory(manager, c.seed(), ai.djl.ndarray.types.DataType.FLOAT32, c.randomFeatures().initScheme());
    }

    /** The run's supernet, with its random features frozen. */
    public static Supernet build(SearchSpace space, MacroConfig macro, SearchConfig c, ParamFactory f) {
        Supernet net = space.supernet(macro, c.supernetOptions(), f);
        c.randomFeatures().apply(net);
        return net;
    }

    /** {@link #build} as a function of the parameter factory (for copies in another dtype). */
    public static Function<ParamFactory, Supernet> builder(SearchSpace space, MacroConfig macro, SearchConfig c) {
        return f -> build(space, macro, c, f);
    }
}
