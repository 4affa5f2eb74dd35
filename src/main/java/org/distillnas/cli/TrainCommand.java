package org.distillnas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.data.DatasetKind;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.Spaces;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.distillnas.train.TrainConfig;
import org.distillnas.run.RunFailure;
import org.distillnas.run.TrainRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas train}: trains an architecture from scratch into a model folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Trains an architecture from scratch and reports its test accuracy.",
            "Writes a model folder: config.json, genotype.json, metrics.jsonl, checkpoints/, curves.png,",
            "model.safetensors (all tensors under their dotted names) and results.json.",
            "",
            "Examples:",
            "  distillnas train runs/nb201-darts-seed0/genotype.json --out models/found",
            "  distillnas train '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|'",
            "  distillnas train 'mbv3-small:r28:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256' --epochs 2",
            "  distillnas train --resume models/found"})
public final class TrainCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "GENOTYPE",
            description = "A genotype file (JSON, e.g. a search's genotype.json), a NAS-Bench-201 string, a DARTS Genotype(...) text,"
                    + " or a subnet of a sampling space (space:r<resolution>:s<stem>:<width>[<layers>]:..., or a file holding one).")
    String genotype;

    @Option(names = "--space", paramLabel = "SPACE",
            description = "Space of a DARTS Genotype(...) text: darts, or RobustDARTS's darts-s1 .. darts-s4 (darts-s4 allows noise)"
                    + " (default: darts). Files and NAS-Bench-201 strings name their own. The darts settings below apply to all five."
                    + " For a subnet: its sampling space, a built-in name or a space file (default: the built-in space it names).")
    String space;

    @Option(names = "--out", paramLabel = "MODEL_DIR", description = "Model folder to create (default: models/<space>-seed<seed>).")
    Path out;

    @Option(names = "--resume", paramLabel = "MODEL_DIR", description = "Continue the training of this model folder from its last checkpoint.")
    Path resume;

    @Option(names = "--preset", defaultValue = "quick", paramLabel = "NAME",
            description = "quick (minutes on a laptop CPU) or paper (the papers' evaluation settings; cell networks only); explicit options override it (default: ${DEFAULT-VALUE}).")
    SearchCommand.Preset preset;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "NAME", description = "fashion-mnist, cifar10, cifar100 or image-folder (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the data set files (default: the data set's usual place).")
    Path dataDir;

    @Option(names = "--download", description = "Download the data set if it is missing.")
    boolean download;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (quick: 8; paper: 200 for nb201, 600 for darts).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (quick: 128; paper: 256 nb201, 96 darts).")
    Integer batchSize;

    @Option(names = "--channels", paramLabel = "C", description = "Initial channels, cell networks only (refused for a subnet) (quick: 16 nb201, 16 darts; paper: 16 nb201, 36 darts).")
    Integer channels;

    @Option(names = "--cells", paramLabel = "N", description = "Cells per stage (nb201) or in all (darts), cell networks only, refused for a subnet (quick: 1 / 8; paper: 5 / 20).")
    Integer cells;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Use only the first N training images, 0 = all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of everything (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lr", paramLabel = "LR", description = "Initial learning rate, cosine-annealed (quick: 0.05; paper: 0.1 nb201, 0.025 darts).")
    Double lr;

    @Option(names = "--lr-min", defaultValue = "0", paramLabel = "LR", description = "Final learning rate (default: ${DEFAULT-VALUE}).")
    double lrMin;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "M", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "Weight decay (default: 5e-4 nb201, 3e-4 darts).")
    Double weightDecay;

    @Option(names = "--nesterov", negatable = true, description = "Nesterov momentum (default: on for nb201, off for darts).")
    Boolean nesterov;

    @Option(names = "--grad-clip", defaultValue = "5", paramLabel = "NORM", description = "Global gradient-norm clip, 0 = off (default: ${DEFAULT-VALUE}).")
    double gradClip;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "EPS", description = "Label smoothing (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--aux-weight", paramLabel = "W", description = "Auxiliary-head loss weight, darts only (refused for a subnet), 0 = no head (quick: 0; paper: 0.4).")
    Double auxWeight;

    @Option(names = "--drop-path", paramLabel = "P", description = "Final drop-path probability, darts only (refused for a subnet) (quick: 0; paper: 0.2).")
    Double dropPath;

    @Option(names = "--crop-padding", defaultValue = "2", paramLabel = "P", description = "Random-crop padding, 0 = none (default: ${DEFAULT-VALUE}).")
    int cropPadding;

    @Option(names = "--flip", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Random horizontal flips (default: ${DEFAULT-VALUE}).")
    boolean flip;

    @Option(names = "--cutout", paramLabel = "PX", description = "Cutout square side, 0 = off (quick: 0; paper: 16 for darts).")
    Integer cutout;

    @Option(names = "--log-every", defaultValue = "50", paramLabel = "N", description = "A metrics line every N steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--no-progress", description = "No live progress bar.")
    boolean noProgress;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        TrainConfig config;
        Genotype g;
        Path dir;
        if (resume != null) {
            config = TrainRun.readConfig(resume);
            g = GenotypeJson.read(resume.resolve("genotype.json"));
            dir = resume;
        } else {
            if (genotype == null) {
                throw new BadInputException("missing GENOTYPE: give a genotype file or string, or --resume MODEL_DIR");
            }
            g = Genotypes.readAny(genotype, space);
            config = g instanceof Subnet s ? resolve(s) : resolve(g.space());
            dir = out != null ? out : Path.of("models", g.space() + "-seed" + seed);
        }
        if (resume != null) {
            engine.startResumed(config.engine());
        } else {
            engine.start();
        }
        RunFailure.watch(dir, resume != null, () -> new TrainRun(config, g, dir, System.out,
                !noProgress && System.console() != null).run(resume != null, download));
        return 0;
    }

    /**
     * Checks the options a table passes to every worker's {@code train}, with one of its
     * architectures, so that a mistake is one line before any worker starts rather than one failed
     * trial per architecture.
     */
    static void checkOptions(String genotype, List<String> trainArgs) {
        TrainCommand probe = new TrainCommand();
        List<String> args = new ArrayList<>(trainArgs);
        args.add(0, genotype);
        try {
            new CommandLine(probe).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException("options passed to train: " + e.getMessage().lines().findFirst().orElse("bad arguments"), e);
        }
        try {
            Genotype g = Genotypes.readAny(genotype, probe.space);
            if (g instanceof Subnet s) {
                probe.resolve(s);
            } else {
                probe.resolve(g.space());
            }
        } catch (BadInputException e) {
            throw new BadInputException("options passed to train: " + e.getMessage(), e);
        }
    }

    TrainConfig resolve(String space) {
        Spaces.byName(space);
        boolean nb201 = space.equals("nb201");
        boolean paper = preset == SearchCommand.Preset.paper;
        int c = channels != null ? channels : paper && !nb201 ? 36 : 16;
        int n = cells != null ? cells : nb201 ? (paper ? 5 : 1) : (paper ? 20 : 8);
        double aux = auxWeight != null ? auxWeight : paper && !nb201 ? 0.4 : 0;
        double dp = dropPath != null ? dropPath : paper && !nb201 ? 0.2 : 0;
        return config(space, nb201, c, n, aux, dp);
    }

    /**
     * The configuration of a subnet's training: the quick preset's DARTS schedule, without the cell
     * networks' settings. Those options are refused when given rather than ignored, since a subnet
     * fixes its own widths and its network has no auxiliary head or drop-path; nor is there a
     * paper's setting for these small spaces.
     */
    TrainConfig resolve(Subnet subnet) {
        List<String> cellOnly = new ArrayList<>();
        if (channels != null) {
            cellOnly.add("--channels");
        }
        if (cells != null) {
            cellOnly.add("--cells");
        }
        if (auxWeight != null) {
            cellOnly.add("--aux-weight");
        }
        if (dropPath != null) {
            cellOnly.add("--drop-path");
        }
        if (!cellOnly.isEmpty()) {
            throw new BadInputException(String.join(", ", cellOnly) + ": for cell networks only; a subnet of "
                    + subnet.space() + " has its own widths and no auxiliary head or drop-path, leave "
                    + (cellOnly.size() == 1 ? "it" : "them") + " out");
        }
        if (preset == SearchCommand.Preset.paper) {
            throw new BadInputException("--preset paper: no paper settings for a subnet of " + subnet.space()
                    + "; use the quick preset and set --epochs, --lr and the others explicitly");
        }
        return config(SampledSpaces.reference(subnet, space), false, 0, 0, 0, 0);
    }

    private TrainConfig config(String space, boolean nb201, int c, int n, double aux, double dp) {
        DatasetKind.parse(dataset);
        boolean paper = preset == SearchCommand.Preset.paper;
        int e = epochs != null ? epochs : paper ? (nb201 ? 200 : 600) : 8;
        int b = batchSize != null ? batchSize : paper ? (nb201 ? 256 : 96) : 128;
        double l = lr != null ? lr : paper ? (nb201 ? 0.1 : 0.025) : 0.05;
        double wd = weightDecay != null ? weightDecay : nb201 ? 5e-4 : 3e-4;
        boolean nest = nesterov != null ? nesterov : nb201;
        int cut = cutout != null ? cutout : paper && !nb201 ? 16 : 0;
        return new TrainConfig(space, dataset, dataDir == null ? null : dataDir.toAbsolutePath().toString(), e, b, c, n,
                limit, seed, l, lrMin, momentum, wd, nest, gradClip, labelSmoothing, aux, dp, cropPadding, flip, cut,
                logEvery, null);
    }
}
