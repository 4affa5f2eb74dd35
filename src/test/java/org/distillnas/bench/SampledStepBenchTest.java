package org.distillnas.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.MbSpace;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subnet list both programs of the sampled-step benchmark step through. */
class SampledStepBenchTest {
    @Test
    void theListIsTheSeededSampleSequence(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.subnets");
        SampledStepBench.writeSubnets(file, 12, 0);
        MbSpace space = SampledStepBench.space();
        List<Subnet> read = SampledStepBench.readSubnets(file, 12, space);
        Random rng = new Random(0);
        for (Subnet s : read) {
            assertThat(s).isEqualTo(space.sample(rng));
        }
        // one canonical string per line, which the reference parses: no spaces, no skip markers in between
        assertThat(Files.readAllLines(file)).hasSize(12).allMatch(l -> l.startsWith("mbv3-small:r") && !l.contains(" "));
    }

    @Test
    void aListShorterThanTheRunIsABadInput(@TempDir Path dir) {
        Path file = dir.resolve("short.subnets");
        SampledStepBench.writeSubnets(file, 3, 0);
        assertThatThrownBy(() -> SampledStepBench.readSubnets(file, 5, SampledStepBench.space()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("holds 3 subnets, the run needs 5");
    }
}
