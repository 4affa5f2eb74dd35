package org.distillnas.space.mbv3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

/** Subnets as plain data: string and JSON forms, validation, sampling. */
class SubnetTest {
    static final MbSpace SMALL = (MbSpace) SampledSpaces.byName("mbv3-small");
    static final String LARGEST = "mbv3-small:r32:s16:16[k3e1]:24[k5e4,k5e4]:32[k5e6,k5e6,k5e6]"
            + ":40[k5e6,k5e6,k5e6]:64[k5e6,k5e6,k5e6]:l256:f256";

    @Test
    void largestAndSmallestHaveTheExpectedCanonicalForm() {
        assertThat(SMALL.largest().toString()).isEqualTo(LARGEST);
        assertThat(SMALL.smallest().toString())
                .isEqualTo("mbv3-small:r24:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256");
    }

    @Test
    void stringAndJsonRoundTrip() {
        Random rng = new Random(3);
        for (String name : SampledSpaces.names()) {
            MbSpace space = (MbSpace) SampledSpaces.byName(name);
            for (int i = 0; i < 50; i++) {
                Subnet s = space.sample(rng);
                space.validate(s);
                assertThat(Subnet.parse(s.toString())).isEqualTo(s);
                assertThat(space.parse(s.toString()).toString()).isEqualTo(s.toString());
                Genotype back = GenotypeJson.read(GenotypeJson.write(s), "s.json");
                assertThat(back).isEqualTo(s);
                assertThat(Genotypes.parseAny(GenotypeJson.write(s), null)).isEqualTo(s);
            }
        }
    }

    @Test
    void jsonFormIsReadable() {
        Subnet s = Subnet.parse("cream-mbv3:r224:s16:16[k3e1]:24[k3e4,-,k7e6]:40[k5e6]:80[k3e4]:96[k3e6]:192[k7e4]:l320:f1280");
        String json = GenotypeJson.write(s);
        assertThat(json).contains("\"space\": \"cream-mbv3\"", "\"resolution\": 224",
                "{\"width\": 24, \"layers\": [{\"kernel\": 3, \"expand\": 4}, \"skip\", {\"kernel\": 7, \"expand\": 6}]}",
                "\"subnet\": \"" + s + "\"");
        SampledSpaces.byName("cream-mbv3").validate(s);
        assertThat(s.ops()).startsWith("k3e1", "k3e4", "k7e6", "k5e6");
        assertThat(((MbSpace) SampledSpaces.byName("cream-mbv3")).choiceIndex(1, s.stages().get(1).layers().get(2))).isEqualTo(5);
    }

    @Test
    void trailingSkipsAreDroppedSoTheFormIsCanonical() {
        Subnet s = Subnet.parse("mbv3-small:r28:s8:16[k3e1]:16[k3e3,-]:24[k3e3,-,-]:32[k3e3]:48[k3e3]:l192:f256");
        assertThat(s.toString()).isEqualTo("mbv3-small:r28:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256");
        assertThat(s.stages().get(2).depth()).isEqualTo(1);
    }

    @Test
    void samplingIsReproducibleFromTheSeed() {
        List<Subnet> a = List.of(SMALL.sample(new Random(9)), SMALL.sample(new Random(9)));
        assertThat(a.get(0)).isEqualTo(a.get(1));
    }

    @Test
    void malformedStringsNameThePart() {
        assertThatThrownBy(() -> Subnet.parse("mbv3-small:r32"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("expected space:r<resolution>");
        assertThatThrownBy(() -> Subnet.parse("mbv3-small:x32:s16:16[k3e1]"))
                .hasMessage("subnet 'mbv3-small:x32:s16:16[k3e1]': resolution: 'x32', expected r<number>");
        assertThatThrownBy(() -> Subnet.parse("mbv3-small:r32:s16:16[k3e1]:24[k3e4,k3x4]"))
                .hasMessageContaining("stages[1].layers[1]: 'k3x4' is not a layer");
        assertThatThrownBy(() -> Subnet.parse("mbv3-small:r32:s16:16[k3e1]:24k3e4"))
                .hasMessageContaining("stages[1]: '24k3e4' is not a stage");
        assertThatThrownBy(() -> Subnet.parse("mbv3-small:r32:s0:16[k3e1]"))
                .hasMessageContaining("stem: '0' is not a positive whole number");
    }

    @Test
    void valuesOutsideTheSpaceNameTheFieldAndTheChoices() {
        assertThatThrownBy(() -> SMALL.parse(LARGEST.replace("r32", "r30")))
                .isInstanceOf(BadInputException.class).hasMessageEndingWith(": resolution: 30, expected one of 24, 28, 32");
        assertThatThrownBy(() -> SMALL.parse(LARGEST.replace("32[k5e6,k5e6,k5e6]", "32[k5e6,k7e6,k5e6]")))
                .hasMessageEndingWith(": stages[2].layers[1].kernel: 7, expected one of 3, 5");
        assertThatThrownBy(() -> SMALL.parse(LARGEST.replace("24[k5e4,k5e4]", "24[k5e4,k5e6]")))
                .hasMessageEndingWith(": stages[1].layers[1].expand: 6, expected one of 3, 4");
        assertThatThrownBy(() -> SMALL.parse(LARGEST.replace("32[k5e6,k5e6,k5e6]", "32[k5e6,-,k5e6]")))
                .hasMessageContaining("stages[2].layers[1]: skipped, but this stage only drops its last layers");
        assertThatThrownBy(() -> SMALL.parse(LARGEST.replace("32[k5e6,k5e6,k5e6]", "32[k5e6,k5e6,k5e6,k5e6]")))
                .hasMessageEndingWith(": stages[2].layers: 4 layers, expected at most 3");
        assertThatThrownBy(() -> SMALL.parse(LARGEST.replace(":l256", ":l100")))
                .hasMessageEndingWith(": last_conv: 100, expected one of 192, 256");
        assertThatThrownBy(() -> SMALL.parse(LARGEST.replace("mbv3-small", "cream-mbv3")))
                .hasMessageEndingWith(": space: 'cream-mbv3', expected 'mbv3-small'");
        assertThatThrownBy(() -> GenotypeJson.read(
                "{\"space\": \"mbv3-small\", \"resolution\": 32, \"stem\": 16, \"stages\": [{\"width\": 16, \"layers\": [{\"kernel\": 3}]}]}",
                "s.json")).isInstanceOf(BadInputException.class)
                .hasMessage("s.json: stages[0].layers[0]: expected {\"kernel\": k, \"expand\": e} or \"skip\"");
    }
}
