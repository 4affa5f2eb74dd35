package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ChartThemeTest {
    @Test
    void thePageGetsTheColoursThePngsUse() {
        JsonNode t = ChartTheme.toJson();
        for (String op : ChartTheme.KNOWN_OPS) {
            assertThat(t.at("/ops/" + op).asText()).isEqualTo(ChartTheme.hex(ChartTheme.opColor(op)));
        }
        assertThat(t.get("train").asText()).isEqualTo("#1f77b4");
        assertThat(t.get("val").asText()).isEqualTo("#d62728");
        assertThat(t.get("palette")).hasSize(ChartTheme.PALETTE.size());
        t.get("palette").forEach(c -> assertThat(c.asText()).matches("#[0-9a-f]{6}"));
    }

    @Test
    void knownOpsHaveFixedColoursAndOthersAColourOfTheirName() {
        assertThat(ChartTheme.opColor("none")).isEqualTo(ChartTheme.PALETTE.get(0));
        assertThat(ChartTheme.opColor("skip_connect")).isEqualTo(ChartTheme.PALETTE.get(3));
        // an unknown op: the same colour from separate calls (as a page and a PNG drawn apart),
        // taken from the palette's colours that no known op uses
        assertThat(ChartTheme.opColor("my_op")).isEqualTo(ChartTheme.opColor("my_op"));
        assertThat(ChartTheme.PALETTE.subList(ChartTheme.KNOWN_OPS.size(), ChartTheme.PALETTE.size()))
                .contains(ChartTheme.opColor("my_op"));
    }
}
