package org.distillnas.supernet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PC-DARTS's point: with 1/K of the channels through the ops, a training forward pass keeps far
 * fewer activations for backward, and the supernet has fewer weights.
 */
class PartialChannelCostTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
        Engine.getInstance().setRandomSeed(3);
    }

    /** Bytes of the arrays a recorded training forward pass leaves on the input's manager. */
    static long activationBytes(SupernetOptions options) {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet s = new DartsSpace().supernet(new MacroConfig(8, 3, 1, 10), options, new ParamFactory(m, 0));
            try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = step.randomNormal(new Shape(4, 1, 16, 16));
                s.forward(x, true);
                long bytes = 0;
                for (NDArray a : step.getManagedArrays()) {
                    bytes += a.getShape().size() * a.getDataType().getNumOfBytes();
                }
                return bytes;
            }
        }
    }

    @Test
    void aQuarterOfTheChannelsKeepsLessThanHalfTheActivations() {
        long full = activationBytes(SupernetOptions.defaults());
        long partial = activationBytes(SupernetOptions.pcDarts(4));
        assertThat(full).isPositive();
        assertThat(partial).isLessThan(full / 2);
    }

    @Test
    void aQuarterOfTheChannelsHasFewerWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            MacroConfig c = new MacroConfig(8, 3, 1, 10);
            long full = new DartsSpace().supernet(c, SupernetOptions.defaults(), new ParamFactory(m, 0)).countParameters();
            long partial = new DartsSpace().supernet(c, SupernetOptions.pcDarts(4), new ParamFactory(m, 0)).countParameters();
            assertThat(partial).isLessThan(full / 2);
        }
    }
}
