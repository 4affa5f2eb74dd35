package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table's subnets: a seeded sample of distinct ones, and an error when a space has too few. */
class TableArchitecturesTest {
    @Test
    void theSampleIsDistinctValidAndFixedByTheSeed() {
        SampledSpace space = SampledSpaces.byName("mbv3-small");
        List<String> a = TableArchitectures.subnetSample(space, 30, 7);
        assertThat(a).hasSize(30).doesNotHaveDuplicates().isEqualTo(TableArchitectures.subnetSample(space, 30, 7));
        assertThat(a).isNotEqualTo(TableArchitectures.subnetSample(space, 30, 8));
        a.forEach(s -> space.validate(Subnet.parse(s)));
    }

    @Test
    void aSpaceWithFewerSubnetsThanAskedIsAnErrorNotALoop(@TempDir Path dir) throws Exception {
        // one resolution, one stem, one stage of one width, depth 1, kernel 3 or 5: two subnets
        Path file = Files.writeString(dir.resolve("two.yaml"), """
                name: two
                resolutions: [28]
                stem: {width: [8], stride: 1, activation: relu}
                stages:
                  - {width: [8], depth: [1], kernel: [3, 5], expand: [3], stride: 2, activation: relu}
                """);
        SampledSpace space = SampledSpaces.byName(file.toString());
        assertThat(new HashSet<>(TableArchitectures.subnetSample(space, 2, 0)))
                .containsExactlyInAnyOrder("two:r28:s8:8[k3e3]", "two:r28:s8:8[k5e3]");
        assertThatThrownBy(() -> TableArchitectures.subnetSample(space, 3, 0)).isInstanceOf(BadInputException.class)
                .hasMessage("--sample 3: space two gave only 2 distinct subnets in 3000 draws; ask for fewer");
    }
}
