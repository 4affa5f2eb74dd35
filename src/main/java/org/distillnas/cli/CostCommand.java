package org.distillnas.cli;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import org.distillnas.eval.ArchitectureCost;
import org.distillnas.eval.SubnetCost;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas cost}: parameters and FLOPs of a discrete architecture. */
@Command(name = "cost", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Counts the parameters and multiply-adds (FLOPs) of an architecture's network.",
            "A subnet is counted at its own resolution, on its network and by its space's lookup table.",
            "",
            "Examples:",
            "  distillnas cost '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'",
            "  distillnas cost runs/darts/genotype.json --channels 36 --cells 20 --image-size 32 --in-channels 3",
            "  distillnas cost 'mbv3-small:r32:s16:16[k3e1]:24[k5e4,k5e4]:32[k5e6]:40[k3e6]:64[k5e6]:l256:f256'"})
public final class CostCommand implements Callable<Integer> {
    @Parameters(paramLabel = "GENOTYPE", description = "A genotype file (JSON), a NAS-Bench-201 string, a DARTS Genotype(...) text, or a subnet string.")
    String genotype;

    @Option(names = "--space", paramLabel = "SPACE", description = "Space of a DARTS Genotype(...) text (default: darts), or a subnet's sampling space file (default: the built-in space it names).")
    String space;

    @Option(names = "--channels", paramLabel = "C", description = "Initial channels, cell networks only (default: the space's paper network).")
    Integer channels;

    @Option(names = "--cells", paramLabel = "N", description = "Cells per stage (nb201) or in all (darts) (default: the space's paper network).")
    Integer cells;

    @Option(names = "--image-size", paramLabel = "PX", description = "Input height and width of a cell network (default: 28; a subnet's is its resolution).")
    Integer imageSize;

    @Option(names = "--in-channels", defaultValue = "1", paramLabel = "N", description = "Input channels (default: ${DEFAULT-VALUE}).")
    int inChannels;

    @Option(names = "--classes", defaultValue = "10", paramLabel = "N", description = "Classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        Genotype g = Genotypes.readAny(genotype, space);
        if (g instanceof Subnet s) {
            return subnet(s);
        }
        SearchSpace s = Spaces.byName(space != null ? space : g.space());
        MacroConfig standard = s.standardNetwork(inChannels, classes);
        MacroConfig config = new MacroConfig(channels != null ? channels : standard.channels(),
                cells != null ? cells : standard.cells(), inChannels, classes);
        int size = imageSize != null ? imageSize : 28;
        engine.start();
        try (NDManager m = EngineSetup.newManager()) {
            ArchitectureCost c = ArchitectureCost.of(s, g, config, size, size, m);
            System.out.printf("%s%nspace %s, C=%d, cells=%d, input %dx%dx%d, %d classes%nparams %,d (%.3f M)%nFLOPs (multiply-adds) %,d (%.2f M)%n",
                    g, s.name(), config.channels(), config.cells(), inChannels, size, size, classes,
                    c.parameters(), c.parameters() / 1e6, c.macs(), c.macs() / 1e6);
        }
        return 0;
    }

    /** A subnet sets its own widths and input size: the options that size cell networks are refused. */
    private int subnet(Subnet subnet) {
        if (channels != null || cells != null || imageSize != null) {
            throw new BadInputException("--channels, --cells and --image-size size cell networks; a subnet of " + subnet.space()
                    + " has its own widths and resolution (r" + subnet.resolution() + "), leave them out");
        }
        if (inChannels < 1 || classes < 2) {
            throw new BadInputException("--in-channels " + inChannels + " --classes " + classes
                    + ": expected at least 1 channel and 2 classes");
        }
        SampledSpace space = SampledSpaces.of(subnet, this.space);
        engine.start();
        try (NDManager m = EngineSetup.newManager()) {
            SubnetCost c = SubnetCost.of(space, subnet, inChannels, classes, m);
            System.out.printf("%s%nspace %s, input %dx%dx%d (any input is resized to it), %d classes%nparams %,d (%.3f M)%n"
                            + "FLOPs (multiply-adds) %,d (%.2f M) counted on the network, %,d by the lookup table%n",
                    subnet, space.name(), inChannels, c.resolution(), c.resolution(), classes, c.parameters(),
                    c.parameters() / 1e6, c.macs(), c.macs() / 1e6, c.tableMacs());
            if (!c.consistent()) {
                // a wrong table would mislead every search's budget: a failure, not a footnote
                System.err.println("distillnas: the lookup table's MACs differ from the network's by "
                        + (c.tableMacs() - c.macs()) + " (a bug in space " + space.name() + "'s FlopsTable)");
                return Main.FAILURE;
            }
        }
        return 0;
    }
}
