package org.distillnas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.run.TableArchitectures;
import org.distillnas.run.TableRun;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.Spaces;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code distillnas table}: stand-alone accuracies of many architectures. */
@Command(name = "table", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains architectures from scratch, several at a time in worker processes, and writes",
            "OUT/table.csv (architecture, params, flops, accuracy, seconds; flops are multiply-adds,",
            "a subnet's at its own resolution). Run it again to resume.",
            "Options after the known ones are passed to every 'distillnas train' (e.g. --epochs 2 --limit 10000).",
            "",
            "Examples:",
            "  distillnas table --sample 20 --seed 1 --workers 2 --out tables/nb201 --epochs 2",
            "  distillnas table --space mbv3-small --sample 20 --seed 1 --workers 2 --out tables/mbv3 --epochs 2"})
public final class TableCommand implements Callable<Integer> {
    @Option(names = "--space", defaultValue = "nb201", paramLabel = "SPACE",
            description = "Space to sample from: nb201, or a sampling space (" + "mbv3-small, mbv3-slim, attentive-nas, cream-mbv3"
                    + ", or a space file) (default: ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--sample", paramLabel = "N", description = "Sample N distinct architectures with --seed.")
    Integer sample;

    @Option(names = "--archs", paramLabel = "FILE", description = "Or: a file with one genotype text (or subnet string) per line.")
    Path archs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    TrialRunnerOptions runner;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Table folder (created, or resumed).")
    Path out;

    @Unmatched
    List<String> trainArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        boolean cells = Spaces.names().contains(space);
        SampledSpace sampled = cells ? null : sampledSpace();
        List<String> list;
        if (archs != null) {
            if (!Files.isRegularFile(archs)) {
                throw new BadInputException("--archs " + archs + " does not exist");
            }
            list = TableArchitectures.listed(archs, cells ? null : space);
        } else if (sample != null) {
            if (cells && !space.equals("nb201")) {
                throw new BadInputException("--space " + space + ": sampling is implemented for nb201 and the sampling spaces;"
                        + " give --archs for other cell spaces");
            }
            list = cells ? TableArchitectures.nb201Sample(sample, seed) : TableArchitectures.subnetSample(sampled, sample, seed);
        } else {
            throw new BadInputException("give --sample N or --archs FILE");
        }
        List<String> args = new ArrayList<>(trainArgs);
        // the workers never draw progress bars (TableRun says so to each): the flag is the table's own
        args.removeIf("--no-progress"::equals);
        if (!cells) {
            // workers check and build each subnet in this space, which may be a file of the user's
            args.addAll(List.of("--space", SampledSpaces.reference(space)));
        }
        TrainCommand.checkOptions(list.get(0), args);
        new TableRun(out, list, args, runner.jvmOptions(), System.out).run(runner.runner("table-" + out.getFileName()));
        System.out.println("table: " + out.resolve("table.csv").toAbsolutePath());
        return 0;
    }

    private SampledSpace sampledSpace() {
        if (!SampledSpaces.names().contains(space) && !Files.isRegularFile(Path.of(space))) {
            throw new BadInputException("unknown space '" + space + "': expected a cell space (" + String.join(", ", Spaces.names())
                    + ") or a sampling space (" + String.join(", ", SampledSpaces.names()) + ", or a space file)");
        }
        return SampledSpaces.byName(space); // a space file's own errors name the file and field
    }
}
