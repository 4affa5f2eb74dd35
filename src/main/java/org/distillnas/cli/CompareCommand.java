package org.distillnas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.bench.MarkdownSection;
import org.distillnas.report.ExperimentPlots;
import org.distillnas.report.ExperimentReport;
import org.distillnas.report.RunRecord;
import org.distillnas.report.SamplingReport;
import org.distillnas.report.SamplingRunRecord;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas compare}: a table and plots over finished search runs, grouped by configuration. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares finished search runs grouped by configuration (method and switches), e.g. DARTS vs"
            + " RF-DARTS over three seeds: the share of skip / none / pooling ops in the genotypes, the retrained test"
            + " accuracy (from RUN_DIR/model/results.json, written by 'distillnas train ... --out RUN_DIR/model'), the"
            + " discretisation gap and the sharpness per epoch (from --track-sharpness). Sampling searches (spos,"
            + " sandwich) by method: the largest and smallest subnet, Kendall tau from RUN_DIR/rank.csv, evolution"
            + " against random search from RUN_DIR/evolve, the best subnets retrained into"
            + " RUN_DIR/evolve/best-<B>M-model, and every evolution front on one plot (PREFIX-pareto.png).",
            "",
            "Example: distillnas compare runs/collapse/* --plots docs/img --prefix collapse --out docs/RESULTS.md --section collapse"})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Finished search run folders.")
    List<Path> runs;

    @Option(names = "--title", defaultValue = "Search runs", paramLabel = "TEXT", description = "Title of the plots (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write the plots here: PREFIX-ops-accuracy.png and PREFIX-sharpness.png, or for sampling searches PREFIX-pareto.png.")
    Path plots;

    @Option(names = "--prefix", defaultValue = "compare", paramLabel = "NAME", description = "File-name prefix of the plots (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--out", paramLabel = "FILE", description = "Markdown file to write the tables into (its section --section); default: print only.")
    Path out;

    @Option(names = "--section", defaultValue = "compare", paramLabel = "NAME", description = "Section name in --out (default: ${DEFAULT-VALUE}).")
    String section;

    @Override
    public Integer call() {
        long sampling = 0;
        for (Path r : runs) {
            if (!Files.isDirectory(r)) {
                throw new BadInputException("run folder " + r + " does not exist: expected a finished search's folder");
            }
            sampling += SamplingRunRecord.isSamplingRun(r) ? 1 : 0;
        }
        if (sampling > 0 && sampling < runs.size()) {
            throw new BadInputException(sampling + " of the " + runs.size() + " runs are sampling searches (spos,"
                    + " sandwich) and the others differentiable ones: expected runs of one family");
        }
        String md = sampling > 0 ? sampling() : differentiable();
        System.out.print(md);
        if (out != null) {
            MarkdownSection.write(out, section, md);
            System.out.println("wrote section " + section + " of " + out.toAbsolutePath());
        }
        return 0;
    }

    /** Supernet, ranking, evolution against random search, retrained best subnets; all fronts on one plot. */
    private String sampling() {
        List<SamplingRunRecord> records = new ArrayList<>();
        runs.forEach(r -> records.add(SamplingRunRecord.read(r)));
        SamplingReport report = new SamplingReport(records);
        String md = report.markdown();
        if (plots != null) {
            Path fronts = plots.resolve(prefix + "-pareto.png");
            report.plotFronts(fronts, title + ": Pareto fronts of the evolution (inherited weights)");
            md += "\n![" + title + ": Pareto fronts](" + relative(fronts) + ")\n";
        }
        return md;
    }

    private String differentiable() {
        List<RunRecord> records = new ArrayList<>();
        runs.forEach(r -> records.add(RunRecord.read(r)));
        ExperimentReport report = new ExperimentReport(records);
        String md = report.markdown();
        if (plots != null) {
            Path ops = plots.resolve(prefix + "-ops-accuracy.png");
            Path sharp = plots.resolve(prefix + "-sharpness.png");
            ExperimentPlots.plotOpsAndAccuracy(report.groups(), title, ops);
            ExperimentPlots.plotSharpness(report.groups(), title + ": sharpness per epoch", sharp);
            md += "\n![" + title + ": op shares and accuracy](" + relative(ops) + ")\n\n![" + title + ": sharpness]("
                    + relative(sharp) + ")\n";
        }
        return md;
    }

    /** The plot's path relative to the Markdown file's folder, so the image link works in the repository. */
    private String relative(Path image) {
        Path base = out != null && out.toAbsolutePath().getParent() != null ? out.toAbsolutePath().getParent()
                : Path.of("").toAbsolutePath();
        return base.relativize(image.toAbsolutePath()).toString();
    }
}
