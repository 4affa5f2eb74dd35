package org.distillnas.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineConfigTest {
    @Test
    void zeroMeansAllCoresAndOneInteropThread() {
        assertThat(EngineConfig.of(0, 0)).isEqualTo(new EngineConfig(Runtime.getRuntime().availableProcessors(), 1));
        assertThat(EngineConfig.of(3, 2)).isEqualTo(new EngineConfig(3, 2));
    }

    @Test
    void negativeCountsAreOneLineErrors() {
        assertThatThrownBy(() -> EngineConfig.of(-1, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--threads -1");
    }

    @Test
    void resumingWithOtherThreadsWarnsAndTheSameSaysNothing() {
        EngineConfig one = new EngineConfig(1, 1);
        EngineConfig two = new EngineConfig(2, 1);
        assertThat(EngineConfig.resumeWarning(one, one)).isNull();
        assertThat(EngineConfig.resumeWarning(one, two)).startsWith("warning: this run started with 1 thread(s)")
                .contains("resumes with 2");
        assertThat(EngineConfig.resumeWarning(null, two)).startsWith("note: this run did not record its thread count");
    }

    @Test
    void resumingWithOtherFusionWarnsHowToContinueExactly() {
        EngineConfig fused = new EngineConfig(2, 1);
        EngineConfig plain = fused.withFused(false);
        assertThat(EngineConfig.resumeWarning(fused, plain)).startsWith("warning: this run computed its supernet fused")
                .contains("resumes edge by edge").contains("drop --unfused");
        assertThat(EngineConfig.resumeWarning(plain, fused)).contains("pass --unfused");
        // a run recorded before fusion existed resumes edge by edge, as it ran: nothing to say
        assertThat(EngineConfig.resumeWarning(new EngineConfig(2, 1, null), plain)).isNull();
    }

    @Test
    void aRecordWithoutFusionIsARunThatComputedEdgeByEdge() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        EngineConfig old = json.readValue("{\"threads\": 2, \"interop_threads\": 1}", EngineConfig.class);
        assertThat(old.isFused()).isFalse();
        EngineConfig now = json.readValue(json.writeValueAsString(new EngineConfig(2, 1)), EngineConfig.class);
        assertThat(now.isFused()).isTrue();
    }
}
