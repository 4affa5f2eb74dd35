package org.distillnas.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownSectionTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFileThenReplacesOnlyItsOwnSection() throws Exception {
        Path file = dir.resolve("docs/BENCHMARKS.md");
        MarkdownSection.write(file, "search-step", "first\n");
        MarkdownSection.write(file, "memory", "mem\n");
        String text = Files.readString(file);
        assertThat(text).startsWith("# Benchmarks").contains("<!-- bench:search-step:start -->\nfirst\n"
                + "<!-- bench:search-step:end -->\n");
        Files.writeString(file, text + "\nHand-written notes.\n");

        MarkdownSection.write(file, "search-step", "second");
        String after = Files.readString(file);
        assertThat(after).contains("second").doesNotContain("first").contains("mem").endsWith("Hand-written notes.\n");
        MarkdownSection.write(file, "search-step", "second");
        assertThat(Files.readString(file)).isEqualTo(after);
    }

    @Test
    void refusesADamagedSection() {
        assertThatThrownBy(() -> MarkdownSection.replace("x\n<!-- bench:memory:start -->\nold\n", "memory", "new", "f.md"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("damaged");
    }

    @Test
    void thinsLongSampleListsKeepingBothEnds() {
        java.util.List<MemoryBench.Sample> all = new java.util.ArrayList<>();
        for (int s = 0; s <= 1000; s += 25) {
            all.add(new MemoryBench.Sample(s, 2000 + s, 2100 + s));
        }
        java.util.List<MemoryBench.Sample> rows = MemoryBench.thin(all);
        assertThat(rows).hasSize(12);
        assertThat(rows.get(0).step()).isZero();
        assertThat(rows.get(11).step()).isEqualTo(1000);
    }
}
