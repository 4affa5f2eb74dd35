package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cost}, {@code train} and {@code table} with subnets: the figures, and one-line errors with exit status 2. */
class SubnetCliTest {
    static final String SMALLEST = "mbv3-small:r24:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256";
    private static final Pattern COST = Pattern.compile(
            "params ([\\d,]+) .*\\nFLOPs \\(multiply-adds\\) ([\\d,]+) .* counted on the network, ([\\d,]+) by the lookup table");

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        CapturedRun r = CapturedRun.of(args);
        return new Outcome(r.status(), r.out(), r.err().trim());
    }

    private static void assertOneLine(Outcome o, String... fragments) {
        assertThat(o.status()).as(o.err()).isEqualTo(Main.USAGE_ERROR);
        assertThat(o.err().lines().count()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).startsWith("distillnas: ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(o.err()).contains(f);
        }
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    @Test
    void costCountsTheNetworkAndAgreesWithTheLookupTableAtTheSubnetsResolution() {
        SampledSpace space = SampledSpaces.byName("mbv3-small");
        Random rng = new Random(11);
        for (Subnet s : new Subnet[] {space.smallest(), space.largest(), space.sample(rng), space.sample(rng)}) {
            for (int[] data : new int[][] {{1, 10}, {3, 100}}) {
                Outcome o = run("cost", s.toString(), "--in-channels", Integer.toString(data[0]), "--classes",
                        Integer.toString(data[1]));
                assertThat(o.status()).as(o.err()).isZero();
                Matcher m = COST.matcher(o.out());
                assertThat(m.find()).as(o.out()).isTrue();
                long tableMacs = space.flopsTable(s.resolution(), data[0], data[1]).macs(s);
                assertThat(number(m.group(2))).isEqualTo(tableMacs);
                assertThat(number(m.group(3))).isEqualTo(tableMacs);
                try (NDManager manager = NDManager.newBaseManager()) {
                    long params = space.network(s, data[0], data[1], new ParamFactory(manager, 0)).countParameters();
                    assertThat(number(m.group(1))).isEqualTo(params);
                }
                assertThat(o.out()).contains("input " + data[0] + "x" + s.resolution() + "x" + s.resolution());
            }
        }
    }

    @Test
    void badSubnetsAndCellOnlyOptionsAreOneLineErrors() throws Exception {
        Path model = tmp.resolve("m");
        assertOneLine(run("train", SMALLEST.replace("24[k3e3]", "24[k3x3]"), "--out", model.toString()),
                "stages[2].layers[0]: 'k3x3' is not a layer");
        assertOneLine(run("train", SMALLEST, "--channels", "8", "--aux-weight", "0.4", "--out", model.toString()),
                "--channels, --aux-weight: for cell networks only", "leave them out");
        assertOneLine(run("train", SMALLEST, "--drop-path", "0.2", "--out", model.toString()), "--drop-path", "leave it out");
        assertOneLine(run("train", SMALLEST, "--preset", "paper", "--out", model.toString()), "--preset paper");
        assertThat(model).doesNotExist();
        assertOneLine(run("cost", SMALLEST.replace("r24", "r30")), "resolution: 30, expected one of 24, 28, 32");
        assertOneLine(run("cost", SMALLEST, "--image-size", "32"), "--image-size", "resolution (r24)");
        assertOneLine(run("cost", "nospace:r32:s8:16[k3e1]"), "unknown sampling space 'nospace'");
    }

    @Test
    void badTableRequestsAreOneLineErrorsBeforeAnyWorkerStarts() throws Exception {
        Path table = tmp.resolve("t");
        assertOneLine(run("table", "--space", "mbv3-small", "--sample", "0", "--out", table.toString()), "--sample 0");
        assertOneLine(run("table", "--space", "nosuch", "--sample", "2", "--out", table.toString()),
                "unknown space 'nosuch'", "nb201", "mbv3-small");
        assertOneLine(run("table", "--space", "mbv3-small", "--sample", "2", "--out", table.toString(), "--cells", "3"),
                "options passed to train", "--cells: for cell networks only");
        Path archs = Files.writeString(tmp.resolve("archs.txt"), SMALLEST + "\n\n" + SMALLEST.replace("s8", "s9") + "\n");
        assertOneLine(run("table", "--space", "mbv3-small", "--archs", archs.toString(), "--out", table.toString()),
                "archs.txt line 3: subnet '", "stem: 9, expected one of 8, 16");
        assertThat(table).doesNotExist();
    }
}
