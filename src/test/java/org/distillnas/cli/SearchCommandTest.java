package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.distillnas.train.SearchConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How search options resolve: presets, method defaults (pc-darts) and explicit options. */
class SearchCommandTest {
    static SearchConfig resolve(String... args) {
        SearchCommand cmd = new SearchCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.resolve();
    }

    @Test
    void pcDartsDefaultsToQuarterChannelsEdgeNormalisationAndAWarmUp() {
        SearchConfig c = resolve("--method", "pc-darts");
        assertThat(c.partialChannels()).isEqualTo(4);
        assertThat(c.edgeNormalization()).isTrue();
        assertThat(c.archStartEpoch()).isEqualTo(2); // round(0.3 x 8)
        assertThat(c.supernetOptions().partialChannels()).isEqualTo(4);
        assertThat(resolve("--method", "pc-darts", "--epochs", "50").archStartEpoch()).isEqualTo(15);
        assertThat(resolve("--method", "pc-darts", "--epochs", "1").archStartEpoch()).isZero();
    }

    @Test
    void thePaperPresetOfPcDartsIsThePcDartsPapers() {
        SearchConfig c = resolve("--method", "pc-darts", "--preset", "paper", "--space", "darts");
        assertThat(c.batchSize()).isEqualTo(256);
        assertThat(c.weightLr()).isEqualTo(0.1);
        assertThat(c.weightLrMin()).isEqualTo(0.0);
        assertThat(c.archLr()).isEqualTo(6e-4);
        assertThat(c.archStartEpoch()).isEqualTo(15);
        assertThat(c.channels()).isEqualTo(16);
        // DARTS keeps its own
        SearchConfig d = resolve("--method", "darts", "--preset", "paper", "--space", "darts");
        assertThat(d.batchSize()).isEqualTo(64);
        assertThat(d.weightLr()).isEqualTo(0.025);
        assertThat(d.weightLrMin()).isEqualTo(0.001);
        assertThat(d.archLr()).isEqualTo(3e-4);
    }

    @Test
    void explicitOptionsWin() {
        SearchConfig c = resolve("--method", "pc-darts", "--partial-channels", "2", "--no-edge-normalization",
                "--arch-start-epoch", "0", "--lr", "0.05", "--batch-size", "32");
        assertThat(c.partialChannels()).isEqualTo(2);
        assertThat(c.edgeNormalization()).isFalse();
        assertThat(c.archStartEpoch()).isZero();
        assertThat(c.weightLr()).isEqualTo(0.05);
        assertThat(c.batchSize()).isEqualTo(32);
        SearchConfig d = resolve("--method", "darts", "--partial-channels", "4", "--edge-normalization");
        assertThat(d.partialChannels()).isEqualTo(4);
        assertThat(d.edgeNormalization()).isTrue();
        SearchConfig plain = resolve();
        assertThat(plain.partialChannels()).isEqualTo(1);
        assertThat(plain.edgeNormalization()).isFalse();
        assertThat(plain.archStartEpoch()).isZero();
    }

    @Test
    void theResolvedSettingsSurviveConfigJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SearchConfig c = resolve("--method", "pc-darts", "--epochs", "20");
        String text = json.writeValueAsString(c);
        assertThat(json.readValue(text, SearchConfig.class)).isEqualTo(c);
        assertThat(json.readTree(text).has("supernet_options")).isFalse();
        // a config.json written before the options existed reads as DARTS's supernet
        ObjectNode old = (ObjectNode) json.readTree(json.writeValueAsString(resolve()));
        old.remove("partial_channels");
        old.remove("edge_normalization");
        SearchConfig back = json.treeToValue(old, SearchConfig.class);
        assertThat(back.partialChannels()).isEqualTo(1);
        assertThat(back.edgeNormalization()).isFalse();
    }
}
