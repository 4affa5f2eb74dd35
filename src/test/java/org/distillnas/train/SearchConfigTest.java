package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.distillnas.eval.Sharpness;
import org.distillnas.supernet.RandomFeatures;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class SearchConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void builderDefaultsAreTheQuickPresetAndToBuilderRoundTrips() throws Exception {
        SearchConfig c = SearchConfig.builder().setSpace("nb201").setMethod("darts").build();
        assertThat(c.epochs()).isEqualTo(8);
        assertThat(c.channels()).isEqualTo(8);
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.limit()).isEqualTo(16000);
        assertThat(c.partialChannels()).isEqualTo(1);
        assertThat(c.solver()).isEqualTo(Sharpness.Solver.AUTO);
        assertThat(c.randomFeatures().enabled()).isFalse();
        assertThat(c.selfDistill().enabled()).isFalse();

        SearchConfig pc = c.toBuilder().setMethod("pc-darts").optPartialChannels(4, true).optSeed(3)
                .optSharpness(5, 1).optSharpnessSolver("exact").build();
        assertThat(pc.toBuilder().build()).isEqualTo(pc);
        assertThat(JSON.readValue(JSON.writeValueAsString(pc), SearchConfig.class)).isEqualTo(pc);
        assertThat(pc.withRandomFeatures(RandomFeatures.off(), true).bnBatchStats()).isTrue();
    }

    /** A config.json written before an option existed reads as what that run ran with. */
    @Test
    void olderConfigFilesReadAsTheSettingsTheyRanWith() throws Exception {
        ObjectNode json = JSON.valueToTree(SearchConfig.builder().setSpace("nb201").setMethod("darts").build());
        json.remove("sharpness_solver");
        json.remove("partial_channels");
        json.remove("random_features");
        json.remove("self_distill");
        SearchConfig old = JSON.treeToValue(json, SearchConfig.class);
        assertThat(old.solver()).isEqualTo(Sharpness.Solver.POWER);
        assertThat(old.partialChannels()).isEqualTo(1);
        assertThat(old.randomFeatures().enabled()).isFalse();
        assertThat(old.selfDistill().enabled()).isFalse();
    }

    @Test
    void missingOrBadValuesAreOneLineErrors() {
        assertThatThrownBy(() -> SearchConfig.builder().setSpace("nb201").build()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("needs a space and a method");
        assertThatThrownBy(() -> SearchConfig.builder().setSpace("nb201").setMethod("darts").optSharpnessSolver("lanczos")
                .build()).isInstanceOf(BadInputException.class)
                .hasMessage("--sharpness-solver 'lanczos': expected auto, exact or power");
        assertThatThrownBy(() -> SearchConfig.builder().setSpace("nb201").setMethod("darts").optPartialChannels(3, false)
                .build()).isInstanceOf(BadInputException.class).hasMessageContaining("--partial-channels 3");
    }
}
