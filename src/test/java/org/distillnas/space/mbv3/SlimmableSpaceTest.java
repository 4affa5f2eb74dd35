package org.distillnas.space.mbv3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

/** Slimmable spaces: one width multiplier for the whole network, from the space file to evolution's operators. */
class SlimmableSpaceTest {
    static final String SLIM = """
            {"name": "slim", "resolutions": 32, "width_multipliers": [1.0, 0.5, 0.75],
             "stem": {"width": 16, "stride": 1, "activation": "relu"},
             "stages": [{"width": 24, "depth": 2, "kernel": 3, "expand": 4, "stride": 2, "activation": "relu"},
                        {"width": 40, "depth": 1, "kernel": 5, "expand": 6, "stride": 2, "activation": "relu"}],
             "last_conv": {"width": 64, "activation": "relu"}}
            """;

    /** Base widths 16, 24, 40, 64 times 0.5, 0.75, 1 (sorted): 8/12/16, 12/18/24, 20/30/40, 32/48/64. */
    @Test
    void baseWidthsBecomeOneChoicePerMultiplier() {
        SpaceSpec spec = SpaceFile.parse(SLIM, "slim.json", false);
        assertThat(spec.widthMultipliers()).containsExactly(0.5, 0.75, 1.0);
        assertThat(spec.stem().widths()).containsExactly(8, 12, 16);
        assertThat(spec.stages().get(0).widths()).containsExactly(12, 18, 24);
        assertThat(spec.stages().get(1).widths()).containsExactly(20, 30, 40);
        assertThat(spec.lastConv().widths()).containsExactly(32, 48, 64);
        MbSpace space = new MbSpace(spec);
        assertThat(space.smallest().toString()).isEqualTo("slim:r32:s8:12[k3e4,k3e4]:20[k5e6]:l32");
        assertThat(space.largest().toString()).isEqualTo("slim:r32:s16:24[k3e4,k3e4]:40[k5e6]:l64");
    }

    /** Sampling, mutation and crossover give exactly the 3 linked subnets, each with one multiplier. */
    @Test
    void everyOperatorKeepsOneMultiplierForTheNetwork() {
        MbSpace space = new MbSpace(SpaceFile.parse(SLIM, "slim.json", false));
        Random rng = new Random(3);
        Set<String> seen = new HashSet<>();
        Subnet a = space.sample(rng);
        for (int i = 0; i < 200; i++) {
            Subnet b = space.sample(rng);
            Subnet m = space.mutate(a, 0.5, rng);
            Subnet c = space.crossover(a, b, rng);
            for (Subnet s : List.of(b, m, c)) {
                space.validate(s);
                seen.add(s.toString());
            }
            a = m;
        }
        assertThat(seen).containsExactlyInAnyOrder("slim:r32:s8:12[k3e4,k3e4]:20[k5e6]:l32",
                "slim:r32:s12:18[k3e4,k3e4]:30[k5e6]:l48", "slim:r32:s16:24[k3e4,k3e4]:40[k5e6]:l64");
    }

    @Test
    void mixedMultipliersAndBadFilesAreOneLineErrors() {
        MbSpace space = new MbSpace(SpaceFile.parse(SLIM, "slim.json", false));
        assertThatThrownBy(() -> space.parse("slim:r32:s8:24[k3e4,k3e4]:20[k5e6]:l32"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("subnet 'slim:r32:s8:24[k3e4,k3e4]:20[k5e6]:l32': widths: a slimmable space takes one width "
                        + "multiplier for the whole network: the stem's 8 is x0.5, expected slim:r32:s8:12[k3e4,k3e4]:20[k5e6]:l32");
        expect(SLIM.replace("\"width\": 24,", "\"width\": [24, 32],"), "slim.json: stages[0].width: [24,32], expected one "
                + "base width: the space's width_multipliers [0.5, 0.75, 1.0] choose the widths");
        expect(SLIM.replace("[1.0, 0.5, 0.75]", "[1.0]"), "slim.json: width_multipliers: [1.0], expected at least two "
                + "distinct positive numbers like [0.5, 1.0]");
        expect(SLIM.replace("[1.0, 0.5, 0.75]", "[1.0, -0.5]"), "slim.json: width_multipliers: [1.0,-0.5], expected");
        expect(SLIM.replace("\"width\": 16,", "\"width\": 2,"), "slim.json: stem.width: 2 x [0.5, 0.75, 1.0] gives width 2 "
                + "twice, expected distinct widths");
    }

    /** The built-in slimmable space: mbv3-small's largest subnet at 4 multipliers, FLOPs over 5x apart. */
    @Test
    void theBuiltInSlimmableSpace() {
        MbSpace slim = (MbSpace) SampledSpaces.byName("mbv3-slim");
        MbSpace small = (MbSpace) SampledSpaces.byName("mbv3-small");
        assertThat(slim.spec().widthMultipliers()).containsExactly(0.35, 0.5, 0.75, 1.0);
        assertThat(slim.largest().toString().replace("mbv3-slim", "mbv3-small")).isEqualTo(small.largest().toString());
        long max = slim.flopsTable(32, 1, 10).macs(slim.largest());
        long min = slim.flopsTable(32, 1, 10).macs(slim.smallest());
        assertThat((double) max / min).isGreaterThan(5);
    }

    private static void expect(String text, String message) {
        assertThatThrownBy(() -> SpaceFile.parse(text, "slim.json", false)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(message).hasMessageNotContaining("\n");
    }
}
