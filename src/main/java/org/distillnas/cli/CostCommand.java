package org.distillnas.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.distillnas.eval.ArchitectureCost;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Genotypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas cost}: parameters and FLOPs of a discrete architecture. */
@Command(name = "cost", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Counts the parameters and multiply-adds (FLOPs) of an architecture's network.",
            "",
            "Examples:",
            "  distillnas cost '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'",
            "  distillnas cost runs/darts/genotype.json --channels 36 --cells 20 --image-size 32 --in-channels 3"})
public final class CostCommand implements Callable<Integer> {
    @Parameters(paramLabel = "GENOTYPE", description = "A genotype file (JSON), a NAS-Bench-201 string, or a DARTS Genotype(...) text.")
    String genotype;

    @Option(names = "--space", paramLabel = "SPACE", description = "Space of a genotype given without one (default: nb201 for strings, else the file's).")
    String space;

    @Option(names = "--channels", paramLabel = "C", description = "Initial channels (default: the space's paper network).")
    Integer channels;

    @Option(names = "--cells", paramLabel = "N", description = "Cells per stage (nb201) or in all (darts) (default: the space's paper network).")
    Integer cells;

    @Option(names = "--image-size", defaultValue = "28", paramLabel = "PX", description = "Input height and width (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--in-channels", defaultValue = "1", paramLabel = "N", description = "Input channels (default: ${DEFAULT-VALUE}).")
    int inChannels;

    @Option(names = "--classes", defaultValue = "10", paramLabel = "N", description = "Classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        Path file = Path.of(genotype);
        Genotype g = Files.isRegularFile(file)
                ? GenotypeJson.read(file)
                : Genotypes.parseAny(genotype, space == null ? "nb201" : space);
        SearchSpace s = Spaces.byName(space != null ? space : g.space());
        MacroConfig standard = s.standardNetwork(inChannels, classes);
        MacroConfig config = new MacroConfig(channels != null ? channels : standard.channels(),
                cells != null ? cells : standard.cells(), inChannels, classes);
        engine.start();
        try (NDManager m = NDManager.newBaseManager()) {
            ArchitectureCost c = ArchitectureCost.of(s, g, config, imageSize, imageSize, m);
            System.out.printf("%s%nspace %s, C=%d, cells=%d, input %dx%dx%d, %d classes%nparams %,d (%.3f M)%nFLOPs (multiply-adds) %,d (%.2f M)%n",
                    g, s.name(), config.channels(), config.cells(), inChannels, imageSize, imageSize, classes,
                    c.parameters(), c.parameters() / 1e6, c.macs(), c.macs() / 1e6);
        }
        return 0;
    }
}
