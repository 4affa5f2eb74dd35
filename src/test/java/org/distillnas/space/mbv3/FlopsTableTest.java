package org.distillnas.space.mbv3;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.distillnas.nn.CostMeter;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lookup table against MACs counted on built networks, and the cost range of mbv3-small. */
class FlopsTableTest {
    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    /**
     * For 100 random subnets the table's sum equals the MACs counted on a forward pass of the
     * subnet's stand-alone network ({@link SubnetNetwork#macs}: an empty batch, per-image counts).
     * The paper-size spaces run at their smallest resolution.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mbv3-small", "attentive-nas", "cream-mbv3"})
    void tableSumsEqualCountedMacs(String name) {
        MbSpace space = (MbSpace) SampledSpaces.byName(name);
        int resolution = space.resolutions().get(0);
        FlopsTable table = space.flopsTable(resolution, 3, 10);
        Random rng = new Random(11);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 100; i++) {
                Subnet s = atResolution(space.sample(rng), resolution);
                assertThat(table.macs(s)).as(s.toString()).isEqualTo(networkMacs(space, s, m));
            }
        }
    }

    /** Both supernets count what the stand-alone network counts (they run the same layers, sliced). */
    @Test
    void supernetAndStandAloneNetworkCountTheSame() {
        MbSpace space = (MbSpace) SampledSpaces.byName("mbv3-small");
        Random rng = new Random(5);
        try (NDManager m = NDManager.newBaseManager()) {
            for (WeightSharing sharing : WeightSharing.values()) {
                MbSupernet supernet = space.supernet(sharing, 1, 10, new ParamFactory(m, 0));
                for (int i = 0; i < 10; i++) {
                    Subnet s = space.sample(rng);
                    assertThat(supernetMacs(supernet, s, m)).isEqualTo(networkMacs(space, s, m, 1));
                }
            }
        }
    }

    @Test
    void mbv3SmallSpansMoreThanFiveTimesInMacs() {
        MbSpace space = (MbSpace) SampledSpaces.byName("mbv3-small");
        long min = space.flopsTable(24, 3, 10).macs(space.smallest());
        long max = space.flopsTable(32, 3, 10).macs(space.largest());
        try (NDManager m = NDManager.newBaseManager()) {
            long params = space.supernet(WeightSharing.ELASTIC, 3, 10, new ParamFactory(m, 0)).countParameters();
            long maxParams = space.network(space.largest(), 3, 10, new ParamFactory(m, 0)).countParameters();
            System.out.printf("mbv3-small: %.2f to %.2f MMACs (%.1fx), supernet %d params, largest subnet %d%n",
                    min / 1e6, max / 1e6, (double) max / min, params, maxParams);
            assertThat(params).isBetween(100_000L, 900_000L);
        }
        assertThat(max).isGreaterThanOrEqualTo(5 * min).isBetween(5_000_000L, 60_000_000L);
    }

    static Subnet atResolution(Subnet s, int resolution) {
        return new Subnet(s.space(), resolution, s.stem(), s.stages(), s.lastConv(), s.feature());
    }

    static long supernetMacs(MbSupernet supernet, Subnet s, NDManager manager) {
        try (NDManager m = manager.newSubManager(); NoGrad ignored = NoGrad.open(); CostMeter meter = CostMeter.open()) {
            NDArray x = m.zeros(new Shape(0, supernet.namedParams().get("net.stem.conv.weight").value().getShape().get(1),
                    s.resolution(), s.resolution()));
            supernet.forward(x, s, false);
            return meter.macs();
        }
    }

    static long networkMacs(MbSpace space, Subnet s, NDManager manager) {
        return networkMacs(space, s, manager, 3);
    }

    static long networkMacs(MbSpace space, Subnet s, NDManager manager, int channels) {
        try (NDManager m = manager.newSubManager()) {
            return space.network(s, channels, 10, new ParamFactory(m, 0)).macs(m, channels, s.resolution(), s.resolution());
        }
    }
}
