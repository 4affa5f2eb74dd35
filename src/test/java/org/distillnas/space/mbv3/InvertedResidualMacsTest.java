package org.distillnas.space.mbv3;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distillnas.nn.CostMeter;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MACs of one inverted-residual block by hand, against the counted pass and the table. */
class InvertedResidualMacsTest {
    /*
     * mbv3-small, stage 2, first layer, at resolution 32: input 24 channels at 16 x 16 (stem and
     * stage 0 keep 32 x 32, stage 1 halves it), output 32 channels, kernel 5, expand 6, stride 2,
     * squeeze-excite. Hidden m = 24 * 6 = 144, SE squeezes to r = 144 / 4 = 36, output 8 x 8.
     *   expand 1x1     16 * 16 * 144 * 24 =   884,736
     *   depthwise 5x5   8 *  8 * 144 * 25 =   230,400
     *   SE            144 * 36 + 36 * 144 =    10,368
     *   project 1x1     8 *  8 *  32 * 144 =  294,912
     *   total                              = 1,420,416
     */
    static final long BLOCK = 884_736 + 230_400 + 10_368 + 294_912;

    @BeforeAll
    static void engine() {
        EngineSetup.start(2, 1);
    }

    @Test
    void countedBlockMatchesTheHandFigure() {
        assertThat(BLOCK).isEqualTo(1_420_416);
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open(); CostMeter meter = CostMeter.open()) {
            InvertedResidual block = new InvertedResidual(new ParamFactory(m, 0), 24, 32, 5, 6, 2, true,
                    Activation.HSWISH, true);
            NDArray y = block.forward(m.zeros(new Shape(1, 24, 16, 16)), 32, new Subnet.Layer(5, 6), false);
            assertThat(y.getShape()).isEqualTo(new Shape(1, 32, 8, 8));
            assertThat(meter.macs()).isEqualTo(BLOCK);
        }
    }

    @Test
    void smallerChoiceOfTheSameBlockSlicesItsCost() {
        // kernel 3, expand 3, output 24 of the same 5x5/6x weights: m = 72, r = 18
        // 16*16*72*24 + 8*8*72*9 + 2*72*18 + 8*8*24*72 = 442,368 + 41,472 + 2,592 + 110,592
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.open(); CostMeter meter = CostMeter.open()) {
            InvertedResidual block = new InvertedResidual(new ParamFactory(m, 0), 24, 32, 5, 6, 2, true,
                    Activation.HSWISH, true);
            block.forward(m.zeros(new Shape(1, 24, 16, 16)), 24, new Subnet.Layer(3, 3), false);
            assertThat(meter.macs()).isEqualTo(442_368 + 41_472 + 2_592 + 110_592);
        }
    }

    @Test
    void tableEntryIsTheSameFigure() {
        MbSpace space = (MbSpace) SampledSpaces.byName("mbv3-small");
        FlopsTable table = space.flopsTable(32, 3, 10);
        assertThat(table.entries().get(new FlopsTable.Key("stages[2].layers[0]", 24, 32, 5, 6))).isEqualTo(BLOCK);
        // stem: 32 * 32 * 16 * 3 * 9 (3x3 conv of a 3-channel image, stride 1)
        assertThat(table.entries().get(new FlopsTable.Key("stem", 3, 16, 3, 1))).isEqualTo(442_368);
    }
}
