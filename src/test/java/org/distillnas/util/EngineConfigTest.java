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

    @Test
    void resumingOnAnotherDeviceWarnsAndAnUnrecordedDeviceSaysNothing() {
        EngineConfig gpu = new EngineConfig(1, 1, true, "gpu:0");
        EngineConfig cpu = new EngineConfig(1, 1, true, "cpu");
        assertThat(EngineConfig.resumeWarning(gpu, cpu)).isEqualTo("warning: this run started on gpu:0 and resumes on cpu:"
                + " its results will differ from an uninterrupted run's (pass --device gpu:0 to continue it exactly)");
        assertThat(EngineConfig.resumeWarning(cpu, cpu)).isNull();
        assertThat(EngineConfig.resumeWarning(new EngineConfig(1, 1), cpu)).isNull();
        // other thread counts say so first
        assertThat(EngineConfig.resumeWarning(gpu, new EngineConfig(2, 1, true, "cpu"))).contains("resumes with 2");
    }

    @Test
    void theDeviceIsRecordedOnlyWhenKnownAndReadsBack() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.writeValueAsString(new EngineConfig(2, 1))).doesNotContain("device");
        EngineConfig cpu = new EngineConfig(2, 1, true, "cpu");
        assertThat(json.writeValueAsString(cpu)).contains("\"device\":\"cpu\"");
        assertThat(json.readValue(json.writeValueAsString(cpu), EngineConfig.class)).isEqualTo(cpu);
        assertThat(json.readValue("{\"threads\": 2, \"interop_threads\": 1, \"fused\": true}", EngineConfig.class))
                .isEqualTo(new EngineConfig(2, 1));
        assertThat(cpu.withFused(false).device()).isEqualTo("cpu");
    }
}
