package org.distillnas.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.distillnas.FashionMnistSubset;
import org.distillnas.cli.Main;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillnas table --space mbv3-small}: sampled subnets trained in worker JVMs, each row the
 * subnet string, its parameters and MACs (those of its network and lookup table) and its accuracy.
 */
class SubnetTableTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertThat(Main.execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoSampledSubnetsGetRowsOfTheirCostAndAccuracyAndAreNotRetrained() throws Exception {
        Path data = FashionMnistSubset.write(tmp.resolve("data"), 320, 200);
        Path dir = tmp.resolve("table");
        String[] args = {"table", "--space", "mbv3-small", "--sample", "2", "--seed", "4", "--workers", "2",
            "--out", dir.toString(), "--data-dir", data.toString(), "--epochs", "1", "--batch-size", "32",
            // the workers are given it anyway: said twice it must not fail every trial
            "--no-progress"};
        run(args);

        SampledSpace space = SampledSpaces.byName("mbv3-small");
        List<String> sampled = TableArchitectures.subnetSample(space, 2, 4);
        assertThat(Files.readAllLines(dir.resolve("architectures.txt"))).isEqualTo(sampled);
        List<String> table = Files.readAllLines(dir.resolve("table.csv"));
        assertThat(table).hasSize(3);
        assertThat(table.get(0)).isEqualTo("architecture,params,flops,accuracy,seconds");
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 2; i++) {
                String[] row = table.get(i + 1).split(",(?=[^\\]]*$)"); // the subnet's own commas sit in brackets
                Subnet s = Subnet.parse(row[0].replace("\"", ""));
                assertThat(s).hasToString(sampled.get(i));
                assertThat(Long.parseLong(row[1])).isEqualTo(space.network(s, 1, 10, new ParamFactory(m, 0)).countParameters());
                assertThat(Long.parseLong(row[2])).isEqualTo(space.flopsTable(s.resolution(), 1, 10).macs(s));
                assertThat(Double.parseDouble(row[3])).isBetween(0.0, 1.0);
            }
        }

        FileTime finished = Files.getLastModifiedTime(dir.resolve("trials/0001/results.json"));
        assertThat(run(args)).contains("2 trial(s): 2 finished, 0 to run");
        assertThat(Files.getLastModifiedTime(dir.resolve("trials/0001/results.json"))).isEqualTo(finished);
    }
}
