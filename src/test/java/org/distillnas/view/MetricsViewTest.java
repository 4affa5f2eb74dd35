package org.distillnas.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> lines(String... json) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String j : json) {
            out.add(JSON.readTree(j));
        }
        return out;
    }

    @Test
    void epochSeriesTakeTheLaterLineOfARepeatedEpochAndLeaveGapsForMissingValues() throws Exception {
        JsonNode v = MetricsView.of(lines(
                "{\"type\":\"epoch\",\"epoch\":1,\"val_acc\":0.5,\"train_loss\":2.0,\"seconds\":3}",
                "{\"type\":\"step\",\"step\":10,\"loss\":1.5,\"acc\":0.4}",
                // the run was killed and resumed: epoch 2 logged twice, the later line counts
                "{\"type\":\"epoch\",\"epoch\":2,\"val_acc\":0.1,\"train_loss\":1.0}",
                "{\"type\":\"epoch\",\"epoch\":2,\"val_acc\":0.6,\"train_loss\":\"NaN\"}",
                "{\"type\":\"epoch\",\"epoch\":3,\"val_acc\":0.7,\"sharpness\":4.5,\"sharpness_solver\":\"exact\"}"));
        assertThat(v.get("epoch").toString()).isEqualTo("[1,2,3]");
        assertThat(v.at("/series/val_acc").toString()).isEqualTo("[0.5,0.6,0.7]");
        assertThat(v.at("/series/train_loss").toString()).isEqualTo("[2.0,null,null]");
        assertThat(v.at("/series").has("seconds")).isFalse();
        assertThat(v.at("/steps/loss").toString()).isEqualTo("[1.5]");
        assertThat(v.at("/sharpness/epoch").toString()).isEqualTo("[3]");
        assertThat(v.at("/sharpness/value").toString()).isEqualTo("[4.5]");
        assertThat(MetricsView.bestValAcc(lines("{\"type\":\"epoch\",\"val_acc\":0.3}", "{\"type\":\"epoch\",\"val_acc\":0.2}")))
                .isEqualTo(0.3);
    }

    @Test
    void sharpnessWithoutASolverIsNotShown() throws Exception {
        // logged by a version whose finite-difference estimate was noise
        JsonNode v = MetricsView.of(lines("{\"type\":\"epoch\",\"epoch\":1,\"sharpness\":9.0}"));
        assertThat(v.at("/sharpness/epoch")).isEmpty();
    }

    @Test
    void alphasPerCellEdgeAndEpochWithNullsWhereAnEdgeIsMissing() throws Exception {
        JsonNode v = AlphaView.of(lines(
                "{\"epoch\":0,\"step\":0,\"cells\":{\"cell\":[{\"edge\":\"0->1\",\"ops\":[\"a\",\"b\"],\"probs\":[0.5,0.5]}]}}",
                "{\"epoch\":1,\"step\":9,\"cells\":{\"cell\":[{\"edge\":\"0->1\",\"ops\":[\"a\",\"b\"],\"probs\":[0.25,0.75]},"
                        + "{\"edge\":\"0->2\",\"ops\":[\"a\"],\"probs\":[1.0]}]}}"));
        assertThat(v).hasSize(1);
        assertThat(v.get(0).get("epochs").toString()).isEqualTo("[0,1]");
        assertThat(v.get(0).get("edges").get(0).get("probs").toString()).isEqualTo("[[0.5,0.5],[0.25,0.75]]");
        assertThat(v.get(0).get("edges").get(1).get("probs").toString()).isEqualTo("[[null],[1.0]]");
    }
}
