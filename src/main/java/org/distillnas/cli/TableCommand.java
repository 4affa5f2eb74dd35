package org.distillnas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.run.TableRun;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code distillnas table}: stand-alone accuracies of many architectures. */
@Command(name = "table", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains architectures from scratch, several at a time in worker processes, and writes",
            "OUT/table.csv (architecture, params, flops, accuracy, seconds). Run it again to resume.",
            "Options after the known ones are passed to every 'distillnas train' (e.g. --epochs 2 --limit 10000).",
            "",
            "Example: distillnas table --sample 20 --seed 1 --workers 2 --out tables/nb201 --epochs 2"})
public final class TableCommand implements Callable<Integer> {
    @Option(names = "--space", defaultValue = "nb201", paramLabel = "SPACE", description = "Space to sample from: nb201 (default: ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--sample", paramLabel = "N", description = "Sample N distinct architectures with --seed.")
    Integer sample;

    @Option(names = "--archs", paramLabel = "FILE", description = "Or: a file with one genotype text per line.")
    Path archs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "Trainings at a time, one JVM each (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Table folder (created, or resumed).")
    Path out;

    @Unmatched
    List<String> trainArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> list = new ArrayList<>();
        if (archs != null) {
            if (!Files.isRegularFile(archs)) {
                throw new BadInputException("--archs " + archs + " does not exist");
            }
            Files.readAllLines(archs).stream().map(String::trim).filter(l -> !l.isEmpty()).forEach(list::add);
        } else if (sample != null) {
            if (!space.equals("nb201")) {
                throw new BadInputException("--space " + space + ": sampling is implemented for nb201; give --archs for other spaces");
            }
            if (sample < 1 || sample > Nb201Genotype.COUNT) {
                throw new BadInputException("--sample " + sample + ": expected 1.." + Nb201Genotype.COUNT);
            }
            Random r = new Random(seed);
            java.util.LinkedHashSet<Integer> picked = new java.util.LinkedHashSet<>();
            while (picked.size() < sample) {
                picked.add(r.nextInt(Nb201Genotype.COUNT));
            }
            picked.forEach(i -> list.add(Nb201Genotype.fromIndex(i).toString()));
        } else {
            throw new BadInputException("give --sample N or --archs FILE");
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        List<String> args = new ArrayList<>(trainArgs);
        if (!args.contains("--threads")) {
            args.addAll(List.of("--threads", Integer.toString(threads)));
        }
        new TableRun(out, list, args, workers, System.out).run();
        System.out.println("table: " + out.resolve("table.csv").toAbsolutePath());
        return 0;
    }
}
