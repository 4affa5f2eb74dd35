package org.distillnas.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.view.ReportPage;
import org.distillnas.view.RunViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillnas report}: one self-contained HTML file of a run, or of several runs compared. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes one self-contained HTML file (scripts, styles and drawings inside: it opens offline and"
            + " can be mailed) with interactive charts. Of one run folder: its configuration, the training and"
            + " validation curves, the architecture weights over the epochs per edge (heat maps), the found cell"
            + " drawn as a graph, the sharpness per epoch, the discretisation gap, the retrained model's results"
            + " (RUN_DIR/model), and for sampling searches the Pareto front of the evolution and the chosen subnets."
            + " Of several run folders: compare's table and its plots.",
            "",
            "Examples:",
            "  distillnas report runs/nas-demo",
            "  distillnas report runs/collapse/* --out collapse.html"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders (a search, a sampling search or a model"
            + " folder); several are compared.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE", description = "The HTML file to write (default: RUN_DIR/report.html for"
            + " one run, report.html for several).")
    Path out;

    @Override
    public Integer call() {
        for (Path r : runs) {
            if (!Files.isDirectory(r)) {
                throw new BadInputException("run folder " + r + " does not exist: expected a run folder with a config.json");
            }
            if (!Files.isRegularFile(r.resolve("config.json"))) {
                throw new BadInputException(r + " has no config.json: expected the folder of a search or of"
                        + " 'distillnas train'");
            }
        }
        Path file = out != null ? out : runs.size() == 1 ? runs.get(0).resolve("report.html") : Path.of("report.html");
        if (Files.isDirectory(file)) {
            throw new BadInputException("--out " + file + " is a folder: expected the path of an HTML file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException("--out " + file + ": the folder " + parent + " does not exist");
        }
        ObjectNode view = runs.size() == 1 ? RunViews.run(runs.get(0)) : RunViews.compare(runs);
        AtomicFiles.writeString(file, ReportPage.standalone(view.path("title").asText("distillnas report"), view));
        System.out.println("report: " + file.toAbsolutePath());
        return 0;
    }
}
