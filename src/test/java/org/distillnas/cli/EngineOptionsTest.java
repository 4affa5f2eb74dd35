package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.distillnas.util.EngineConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A resumed run computes with the thread counts it recorded unless the command line says otherwise. */
class EngineOptionsTest {
    private static EngineOptions parse(String... args) {
        @CommandLine.Command(name = "t")
        class Holder {
            @CommandLine.Mixin
            EngineOptions engine;
        }
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.engine;
    }

    @Test
    void resumeKeepsTheRecordedThreads() {
        EngineConfig recorded = new EngineConfig(1, 1);
        assertThat(parse().forResume(recorded)).isEqualTo(recorded);
    }

    @Test
    void explicitThreadsWinOverTheRecordedOnes() {
        assertThat(parse("--threads", "2").forResume(new EngineConfig(1, 1))).isEqualTo(new EngineConfig(2, 1));
    }

    @Test
    void aRunThatRecordedNothingGetsTheDefaults() {
        assertThat(parse().forResume(null)).isEqualTo(EngineConfig.of(0, 1));
    }

    @Test
    void aResumedRunIsFusedAsRecordedUnlessUnfusedIsAsked() {
        EngineConfig plain = new EngineConfig(1, 1, false);
        assertThat(parse().forResume(plain)).isEqualTo(plain);
        assertThat(parse().forResume(new EngineConfig(1, 1, null)).isFused()).isFalse();
        assertThat(parse("--unfused").forResume(new EngineConfig(1, 1))).isEqualTo(plain);
        assertThat(parse("--unfused").forResume(null).isFused()).isFalse();
        assertThat(parse().forResume(null).isFused()).isTrue();
    }
}
