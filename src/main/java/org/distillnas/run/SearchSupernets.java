package org.distillnas.run;

import org.distillnas.train.Checkpointer;
import org.distillnas.train.RunFiles;
import org.distillnas.train.SearchConfig;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
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

    /**
     * The supernet of a search run as one of its checkpoints left it, on {@code manager}.
     *
     * @param checkpoint checkpoint name, e.g. {@code epoch-0005} (null: the latest)
     */
    public static Supernet fromCheckpoint(Path runDir, SearchSpace space, MacroConfig macro, SearchConfig c,
            String checkpoint, NDManager manager) {
        Supernet supernet = build(space, macro, c, paramFactory(manager, c));
        Checkpointer checkpoints = new Checkpointer(new RunFiles(runDir).checkpoints(), 2);
        String name = checkpoint != null ? checkpoint : checkpoints.latestName();
        try (NDManager m = manager.newSubManager()) {
            supernet.loadArrays(checkpoints.load(name, m).arrays(), "net.", "checkpoint " + name + " of " + runDir,
                    "was the run's config.json edited?");
        }
        return supernet;
    }
}
