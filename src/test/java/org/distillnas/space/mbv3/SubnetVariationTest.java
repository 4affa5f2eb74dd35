package org.distillnas.space.mbv3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mutation and crossover always give valid subnets, draw their values from the parents or the space, and repeat. */
class SubnetVariationTest {
    private static final int DRAWS = 1000;

    @ParameterizedTest
    @ValueSource(strings = {"mbv3-small", "attentive-nas", "cream-mbv3"})
    void mutationsAreValidAndRepeatable(String name) {
        SampledSpace space = SampledSpaces.byName(name);
        Random rng = new Random(1);
        Set<String> children = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            Subnet parent = space.sample(rng);
            double p = i % 4 == 0 ? 1.0 : 0.2;
            long seed = rng.nextLong();
            Subnet child = space.mutate(parent, p, new Random(seed));
            space.validate(child);
            assertThat(space.mutate(parent, p, new Random(seed))).isEqualTo(child);
            // the canonical form survives a round trip
            assertThat(Subnet.parse(child.toString())).isEqualTo(child);
            children.add(child.toString());
        }
        assertThat(children).hasSizeGreaterThan(DRAWS / 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mbv3-small", "attentive-nas", "cream-mbv3"})
    void crossoversAreValidAndTakeEveryValueFromAParent(String name) {
        SampledSpace space = SampledSpaces.byName(name);
        Random rng = new Random(2);
        for (int i = 0; i < DRAWS; i++) {
            Subnet a = space.sample(rng);
            Subnet b = space.sample(rng);
            long seed = rng.nextLong();
            Subnet child = space.crossover(a, b, new Random(seed));
            space.validate(child);
            assertThat(space.crossover(a, b, new Random(seed))).isEqualTo(child);
            assertThat(child.resolution()).isIn(a.resolution(), b.resolution());
            assertThat(child.stem()).isIn(a.stem(), b.stem());
            assertThat(child.lastConv()).isIn(a.lastConv(), b.lastConv());
            assertThat(child.feature()).isIn(a.feature(), b.feature());
            for (int s = 0; s < child.stages().size(); s++) {
                Subnet.Stage c = child.stages().get(s);
                Subnet.Stage sa = a.stages().get(s);
                Subnet.Stage sb = b.stages().get(s);
                assertThat(c.width()).isIn(sa.width(), sb.width());
                // which layers run comes whole from one parent
                assertThat(runs(c)).isIn(runs(sa), runs(sb));
                for (int pos = 0; pos < c.layers().size(); pos++) {
                    Subnet.Layer l = c.layer(pos);
                    if (!l.skip()) {
                        assertThat(l.kernel()).isIn(sa.layer(pos).kernel(), sb.layer(pos).kernel());
                        assertThat(l.expand()).isIn(sa.layer(pos).expand(), sb.layer(pos).expand());
                    }
                }
            }
        }
    }

    @Test
    void probabilityZeroKeepsTheParentAndCrossingAParentWithItselfGivesItBack() {
        SampledSpace space = SampledSpaces.byName("cream-mbv3");
        Random rng = new Random(3);
        for (int i = 0; i < 200; i++) {
            Subnet s = space.sample(rng);
            assertThat(space.mutate(s, 0, rng)).isEqualTo(s);
            assertThat(space.crossover(s, s, rng)).isEqualTo(s);
        }
    }

    @Test
    void mutationWithProbabilityOneReachesEveryDepthAndSkipPattern() {
        SampledSpace space = SampledSpaces.byName("cream-mbv3");
        Subnet parent = space.smallest();
        Random rng = new Random(4);
        Set<String> patterns = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            patterns.add(runs(space.mutate(parent, 1.0, rng).stages().get(1)));
        }
        // 4 positions, the first always running: every subset of the other 3 is a pattern
        assertThat(patterns).hasSize(8);
    }

    @Test
    void aParentOfAnotherSpaceOrAnInvalidOneIsRefused() {
        SampledSpace small = SampledSpaces.byName("mbv3-small");
        Subnet cream = SampledSpaces.byName("cream-mbv3").smallest();
        assertThatThrownBy(() -> small.mutate(cream, 0.2, new Random(0))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> small.crossover(small.smallest(), cream, new Random(0)))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> small.mutate(small.smallest(), 1.5, new Random(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Which positions of a stage run, e.g. "1011". */
    private static String runs(Subnet.Stage stage) {
        StringBuilder sb = new StringBuilder();
        for (int pos = 0; pos < 8; pos++) {
            sb.append(stage.layer(pos).skip() ? '0' : '1');
        }
        return sb.toString();
    }
}
