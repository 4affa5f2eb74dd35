package org.distillnas.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which subnets a sampling step draws. */
class SubnetSamplerTest {
    static final SampledSpace SMALL = SampledSpaces.byName("mbv3-small");

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    static SamplingConfig config(double min, double max, List<Double> weights) {
        return new SamplingConfig(null, 2, min, max, weights, 0, 20, 0, false, 0);
    }

    /** A step's subnets depend on (seed, step, k) only: what a resumed run needs. */
    @Test
    void drawsArePureFunctionsOfSeedStepAndIndex() {
        SubnetSampler a = new SubnetSampler(SMALL, SamplingConfig.defaults(), 7, 1, 10);
        SubnetSampler b = new SubnetSampler(SMALL, SamplingConfig.defaults(), 7, 1, 10);
        Set<String> seen = new HashSet<>();
        for (int step = 0; step < 30; step++) {
            assertThat(a.draw(step, 1)).isEqualTo(b.draw(step, 1));
            seen.add(a.draw(step, 1).toString());
        }
        assertThat(seen).hasSizeGreaterThan(25);
        assertThat(a.draw(3, 1)).isNotEqualTo(a.draw(3, 2));
        assertThat(new SubnetSampler(SMALL, SamplingConfig.defaults(), 8, 1, 10).draw(3, 1)).isNotEqualTo(a.draw(3, 1));
    }

    @Test
    void everyDrawLiesInTheFlopsWindow() {
        SubnetSampler s = new SubnetSampler(SMALL, config(4, 6, List.of()), 1, 1, 10);
        for (int step = 0; step < 50; step++) {
            long macs = s.macs(s.draw(step, 0));
            assertThat(macs).isBetween(4_000_000L, 6_000_000L);
        }
    }

    /**
     * All weight on index 3 of mbv3-small's 6 choices (kernels {3, 5} x expands {3, 4, 6},
     * kernel-major): every layer of the searchable stages is k5e3; the first stage, with one
     * choice, is untouched.
     */
    @Test
    void choiceWeightsDecideTheLayers() {
        SubnetSampler s = new SubnetSampler(SMALL, config(0, 0, List.of(0.0, 0.0, 0.0, 1.0, 0.0, 0.0)), 1, 1, 10);
        for (int step = 0; step < 10; step++) {
            Subnet n = s.draw(step, 0);
            assertThat(n.stages().get(0).layer(0)).isEqualTo(new Subnet.Layer(3, 1));
            for (int st = 2; st < n.stages().size(); st++) {
                n.stages().get(st).layers().stream().filter(l -> !l.skip())
                        .forEach(l -> assertThat(l).isEqualTo(new Subnet.Layer(5, 3)));
            }
        }
    }

    @Test
    void impossibleSettingsAreOneLineErrors() {
        assertThatThrownBy(() -> new SubnetSampler(SMALL, config(200, 300, List.of()), 1, 1, 10).draw(0, 0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--flops-window 200.0,300.0")
                .hasMessageContaining("largest");
        assertThatThrownBy(() -> new SubnetSampler(SMALL, config(0, 0, List.of(1.0, 1.0)), 1, 1, 10))
                .isInstanceOf(BadInputException.class).hasMessageContaining("expected 6");
        assertThatThrownBy(() -> config(5, 2, List.of())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--flops-window");
        assertThatThrownBy(() -> config(0, 0, List.of(-1.0, 2.0))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--choice-weights");
    }
}
