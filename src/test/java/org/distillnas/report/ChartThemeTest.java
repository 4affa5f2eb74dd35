package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChartThemeTest {
    private static final String HEX = "#[0-9a-f]{6}";

    @Test
    void jsonOpColoursAreOpColorForEveryKnownOp() {
        JsonNode ops = ChartTheme.toJson().get("ops");
        assertThat(ops.size()).isEqualTo(ChartTheme.knownOps().size());
        for (String op : ChartTheme.knownOps()) {
            assertThat(ops.get(op).asText()).as(op).isEqualTo(ChartTheme.hex(ChartTheme.opColor(op)));
        }
    }

    @Test
    void knownOpsHaveDistinctColours() {
        Set<Color> colors = new HashSet<>();
        ChartTheme.knownOps().forEach(op -> colors.add(ChartTheme.opColor(op)));
        assertThat(colors).hasSize(ChartTheme.knownOps().size());
    }

    @Test
    void everyJsonColourIsLowerCaseHex() {
        ObjectNode json = ChartTheme.toJson();
        List<JsonNode> colours = new ArrayList<>();
        json.get("palette").forEach(colours::add);
        json.get("other_ops").forEach(colours::add);
        json.get("ops").forEach(colours::add);
        json.get("cell").forEach(colours::add);
        for (String key : List.of("train", "val", "background", "text", "grid", "axis", "reference")) {
            colours.add(json.get(key));
        }
        assertThat(colours).allSatisfy(c -> assertThat(c.asText()).matches(HEX));
        assertThat(json.get("palette").size()).isGreaterThanOrEqualTo(8);
        assertThat(json.get("train").asText()).isEqualTo("#1f77b4");
        assertThat(json.get("val").asText()).isEqualTo("#d62728");
        assertThat(json.get("font_family").asText()).isEqualTo("sans-serif");
        assertThat(json.get("font_size").asInt()).isEqualTo(ChartTheme.FONT_SIZE);
        assertThat(json.get("title_size").asInt()).isEqualTo(ChartTheme.TITLE_SIZE);
    }

    @Test
    void unknownOpGetsTheSameColourEveryTimeFromTheOtherOpsPalette() {
        JsonNode others = ChartTheme.toJson().get("other_ops");
        for (String op : List.of("my_op", "zero", "conv_7x1_1x7", "")) {
            Color first = ChartTheme.opColor(op);
            assertThat(ChartTheme.opColor(op)).isEqualTo(first);
            // the rule the browser follows, as documented on toJson
            String expected = others.get(Math.floorMod(op.hashCode(), others.size())).asText();
            assertThat(ChartTheme.hex(first)).as(op).isEqualTo(expected);
            assertThat(ChartTheme.knownOps()).noneMatch(k -> ChartTheme.opColor(k).equals(first));
        }
    }

    @Test
    void unknownOpColourDoesNotDependOnWhatWasAskedBefore() {
        Color alone = ChartTheme.opColor("b_op");
        ChartTheme.opColor("a_op");
        ChartTheme.opColor("c_op");
        assertThat(ChartTheme.opColor("b_op")).isEqualTo(alone);
    }

    @Test
    void seriesColoursCycleThroughThePalette() {
        JsonNode palette = ChartTheme.toJson().get("palette");
        for (int i = 0; i < 2 * palette.size(); i++) {
            assertThat(ChartTheme.hex(ChartTheme.seriesColor(i))).isEqualTo(palette.get(i % palette.size()).asText());
        }
        assertThat(ChartTheme.seriesColor(0)).isEqualTo(ChartTheme.TRAIN);
    }

    @Test
    void orderOpsPutsKnownOpsFirstInThePapersOrder() {
        assertThat(ChartTheme.orderOps(List.of("zz", "skip_connect", "aa", "none", "nor_conv_3x3")))
                .containsExactly("none", "skip_connect", "nor_conv_3x3", "zz", "aa");
    }
}
