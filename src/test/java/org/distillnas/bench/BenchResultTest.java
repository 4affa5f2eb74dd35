package org.distillnas.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchResultTest {
    @Test
    void parsesTheReferenceLine() {
        BenchResult r = BenchResult.parse("RESULT python torch=1.13.0a0 cells=2 steps=30 elapsed=40.10s"
                + " steps_per_s=0.748 peak_rss_mib=1890 threads=2/1");
        assertThat(r.program()).isEqualTo("python");
        assertThat(r.stepsPerSecond()).isEqualTo(0.748);
        assertThat(r.peakRssMib()).isEqualTo(1890);
        assertThat(r.rssAt100()).isEmpty();
        assertThat(r.field("torch", "?")).isEqualTo("1.13.0a0");
    }

    @Test
    void parsesOurLineWithAndWithoutStep100() {
        String base = "RESULT java djl=0.35.1 libtorch=2.7.1 cells=2 steps=150 elapsed=100.00s steps_per_s=1.500"
                + " peak_rss_mib=2540 rss_at_100=%s rss_at_last=2550 threads=2/1";
        assertThat(BenchResult.parse(String.format(base, "2500")).rssAt100()).hasValue(2500);
        assertThat(BenchResult.parse(String.format(base, "na")).rssAt100()).isEmpty();
        assertThat(BenchResult.parse(String.format(base, "na")).rssAtLast()).hasValue(2550);
    }

    @Test
    void rejectsLinesWithoutTheFiguresItReports() {
        assertThatThrownBy(() -> BenchResult.parse("RESULT java cells=2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps_per_s");
        assertThatThrownBy(() -> BenchResult.parse("step 1 lossW 2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growthIsMeasuredFromStep100() {
        BenchResult r = BenchResult.parse("RESULT java steps=900 steps_per_s=1 peak_rss_mib=2100 rss_at_100=2000"
                + " rss_at_last=2100");
        assertThat(MemoryBench.growthPercent(r)).isEqualTo(5.0);
    }
}
