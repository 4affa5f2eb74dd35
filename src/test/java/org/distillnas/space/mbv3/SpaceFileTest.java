package org.distillnas.space.mbv3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.distillnas.space.SampledSpaces;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Space files: the built-in ones, JSON and YAML, and one-line errors for malformed files. */
class SpaceFileTest {
    static final String GOOD_JSON = """
            {"name": "tiny", "resolutions": [32, 28],
             "stem": {"width": 8, "stride": 1, "activation": "relu"},
             "stages": [{"width": [8, 16], "depth": [1, 2], "kernel": [5, 3], "expand": [3, 6], "stride": 2,
                         "se": true, "activation": "swish"}]}
            """;

    @Test
    void builtInSpacesLoad() {
        assertThat(SampledSpaces.names()).containsExactly("mbv3-small", "mbv3-slim", "attentive-nas", "cream-mbv3");
        MbSpace attentive = (MbSpace) SampledSpaces.byName("attentive-nas");
        assertThat(attentive.spec().stages()).hasSize(7);
        assertThat(attentive.spec().stages().get(5).widths()).containsExactly(192, 200, 208, 216);
        assertThat(attentive.resolutions()).containsExactly(192, 224, 256, 288);
        MbSpace cream = (MbSpace) SampledSpaces.byName("cream-mbv3");
        assertThat(cream.spec().stages().get(3).kernels()).containsExactly(3, 5, 7);
        assertThat(cream.spec().stages().get(3).expands()).containsExactly(4, 6);
    }

    @Test
    void jsonAndYamlFilesReadTheSame(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tiny.json");
        Files.writeString(json, GOOD_JSON);
        Path yaml = dir.resolve("tiny.yaml");
        Files.writeString(yaml, """
                name: tiny
                resolutions: [28, 32]
                stem: {width: [8], stride: 1, activation: relu}
                stages:
                  - {width: [8, 16], depth: [1, 2], kernel: [3, 5], expand: [3, 6], stride: 2, se: true, activation: swish}
                """);
        SpaceSpec a = SpaceFile.read(json);
        assertThat(a).isEqualTo(SpaceFile.read(yaml));
        assertThat(a.resolutions()).containsExactly(28, 32);
        assertThat(a.stages().get(0).skip()).isFalse();
        assertThat(SampledSpaces.byName(yaml.toString()).name()).isEqualTo("tiny");
    }

    @Test
    void malformedFilesNameTheFileAndField() {
        expect(GOOD_JSON.replace("\"kernel\": [5, 3]", "\"kernel\": [4, 3]"),
                "s.json: stages[0].kernel: 4 is even, expected odd kernel sizes like 3, 5, 7");
        expect(GOOD_JSON.replace("\"stride\": 2", "\"stride\": 3"), "s.json: stages[0].stride: 3, expected 1 or 2");
        expect(GOOD_JSON.replace("\"swish\"", "\"gelu\""), "s.json: stages[0].activation: \"gelu\", expected relu, swish or hswish");
        expect(GOOD_JSON.replace("\"depth\"", "\"depths\""),
                "s.json: stages[0].depths: unknown field, expected one of width, depth, kernel, expand, stride, se, activation, skip");
        expect(GOOD_JSON.replace("\"width\": [8, 16]", "\"width\": [8, 8]"),
                "s.json: stages[0].width: [8,8], expected distinct positive whole numbers like [3, 5]");
        expect(GOOD_JSON.replace("\"se\": true", "\"se\": \"yes\""), "s.json: stages[0].se: \"yes\", expected true or false");
        expect(GOOD_JSON.replace("\"resolutions\": [32, 28],", ""), "s.json: resolutions: missing");
        expect(GOOD_JSON.replace("\"width\": 8,", ""), "s.json: stem.width: missing");
        expect("{\"name\": \"x\",", "s.json: malformed JSON");
    }

    @Test
    void malformedYamlNamesTheField(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, """
                name: bad
                resolutions: [32]
                stem: {width: [8], stride: 1, activation: relu}
                stages:
                  - {width: [8], depth: [1], kernel: [3], expand: [3], stride: 1, activation: relu}
                  - {width: [16], depth: [0, 1], kernel: [3], expand: [3], stride: 2, activation: relu}
                """);
        assertThatThrownBy(() -> SpaceFile.read(yaml)).isInstanceOf(BadInputException.class)
                .hasMessage(yaml + ": stages[1].depth: [0,1], expected distinct positive whole numbers like [3, 5]");
        assertThatThrownBy(() -> SampledSpaces.byName("no-such-space"))
                .hasMessageContaining("unknown sampling space 'no-such-space': expected one of mbv3-small, mbv3-slim, attentive-nas, cream-mbv3");
    }

    private static void expect(String text, String message) {
        assertThatThrownBy(() -> SpaceFile.parse(text, "s.json", false)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(message).hasMessageNotContaining("\n");
    }
}
