package org.distillnas.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.distillnas.strategy.Methods;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class VariantTest {
    /** A method registered later joins the standard campaign without anyone having to remember it. */
    @Test
    void theStandardCampaignCoversEveryRegisteredMethodBothTeacherSourcesAndTrain() {
        List<String> labels = Variant.standard().stream().map(Variant::label).toList();
        assertThat(labels).containsAll(Methods.names()).contains("sd-darts-cache", "train");
        for (Variant v : Variant.standard()) {
            if (v.command().equals("search")) {
                assertThat(v.args()).containsSequence("--method", v.label().replace("-cache", ""))
                        .containsSequence("--threads", "1");
            }
        }
        assertThat(Variant.standard().stream().filter(v -> v.label().equals("sd-darts-cache")).findFirst().orElseThrow()
                .args()).containsSequence("--sd-source", "cache");
    }

    @Test
    void parsesLabelAndArgs() {
        Variant v = Variant.parse("small=search --method darts  --epochs 2");
        assertThat(v.label()).isEqualTo("small");
        assertThat(v.args()).containsExactly("search", "--method", "darts", "--epochs", "2");
    }

    @Test
    void badVariantsAreOneLineErrors() {
        assertThatThrownBy(() -> Variant.parse("search --method darts")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected LABEL=search");
        assertThatThrownBy(() -> Variant.parse("x=eval models/a")).hasMessageContaining("expected LABEL=search");
        assertThatThrownBy(() -> Variant.parse("x=search --out runs/a")).hasMessageContaining("drop --out");
    }
}
