package org.distillnas.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MarkdownBlocksTest {
    @Test
    void tablesAndSentencesBecomeBlocksWithEscapedPipesKept() {
        String md = "| configuration | runs | genotype |\n|---|---:|---|\n| darts | **3** | `\\|none~0\\|+\\|skip~0\\|` |\n"
                + "\nMean ± sd over the runs.\n\n![plot](x.png)\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        JsonNode blocks = MarkdownBlocks.of(md);
        assertThat(blocks).hasSize(3);
        assertThat(blocks.get(0).get("kind").asText()).isEqualTo("table");
        assertThat(blocks.get(0).get("header").toString()).isEqualTo("[\"configuration\",\"runs\",\"genotype\"]");
        assertThat(blocks.get(0).get("rows").get(0).toString()).isEqualTo("[\"darts\",\"3\",\"|none~0|+|skip~0|\"]");
        assertThat(blocks.get(1).get("text").asText()).isEqualTo("Mean ± sd over the runs.");
        assertThat(blocks.get(2).get("rows").get(0).toString()).isEqualTo("[\"1\",\"2\"]");
    }
}
