package org.distillnas.run;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.distillnas.eval.SubnetEvaluation;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.strategy.Methods;
import org.distillnas.strategy.SubnetSampler;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.train.Checkpointer;
import org.distillnas.train.RunFiles;
import org.distillnas.train.SearchConfig;
import org.distillnas.util.BadInputException;

/**
 * A sampling supernet with what is needed to score its subnets: the run's configuration, space,
 * data split and the subnet evaluation on its validation split. What {@code search} trains, and
 * what {@code evolve}, {@code rank} and the epoch-end evaluation read.
 *
 * @param data the run's own split, derived from its configuration
 */
public record TrainedSupernet(SearchConfig config, SampledSpace space, SampledSupernet supernet, SearchData data,
        SubnetEvaluation evaluation, SubnetSampler sampler) {

    /** A freshly initialised supernet for {@code config} (the start of a search). */
    public static TrainedSupernet create(SearchConfig config, SearchData data, NDManager manager) {
        SampledSpace space = SampledSpaces.byName(config.space());
        if (!Methods.isSampling(config.method())) {
            throw new BadInputException("--space " + config.space() + " is a sampling space: expected --method spos, "
                    + "sandwich, alphanet or cream, not " + config.method());
        }
        int in = data.macro().inChannels();
        int classes = data.macro().numClasses();
        SampledSupernet supernet = space.supernet(Methods.sharing(config), in, classes, new ParamFactory(manager, config.seed()));
        SubnetEvaluation evaluation = new SubnetEvaluation(space, supernet, in, classes, data.train(), data.valEval(),
                config.sampling().recalibrationBatches());
        return new TrainedSupernet(config, space, supernet, data, evaluation,
                new SubnetSampler(space, config.sampling(), config.seed(), in, classes));
    }

    /**
     * The supernet of a search run folder as one of its checkpoints left it.
     *
     * @param checkpoint checkpoint name such as {@code epoch-0005} (null: the latest)
     */
    public static TrainedSupernet load(Path runDir, String checkpoint, NDManager manager) {
        SearchConfig config = SearchRun.readConfig(runDir);
        if (!Methods.isSampling(config.method())) {
            throw new BadInputException(runDir + " holds a " + config.method() + " search of a cell space: expected a "
                    + "sampling search (spos, sandwich, alphanet, cream)");
        }
        TrainedSupernet t = create(config, SearchData.load(config, false), manager);
        Checkpointer checkpoints = new Checkpointer(new RunFiles(runDir).checkpoints(), 2);
        if (!checkpoints.exists()) {
            throw new BadInputException(runDir + " has no checkpoint yet: let the search finish an epoch first");
        }
        String name = checkpoint != null ? checkpoint : checkpoints.latestName();
        try (NDManager m = manager.newSubManager()) {
            t.supernet().loadArrays(checkpoints.load(name, m).arrays(), "net.", "checkpoint " + name + " of " + runDir,
                    "was the run's config.json edited?");
        }
        return t;
    }

    /** The first batch of the validation split in fixed order (Cream's held-out batch for scoring paths). */
    public org.distillnas.data.Batch heldOutBatch() {
        return data.valEval().batch(0, 0);
    }

    public int inChannels() {
        return data.macro().inChannels();
    }

    public int numClasses() {
        return data.macro().numClasses();
    }
}
