package org.distillnas.run;

import org.distillnas.train.SearchConfig;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distillnas.eval.Evaluator;
import org.distillnas.eval.OneShot;
import org.distillnas.eval.Ranking;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;

/**
 * Ranking quality of a search's supernet: every architecture of a table (stand-alone accuracies)
 * is scored with the supernet's weights (inherited, BatchNorm recalibrated) on the search's
 * validation split, and the two orders are compared by Kendall's tau-b and Spearman's rho.
 */
public final class RankRun {
    private RankRun() {}

    /** One architecture: its stand-alone accuracy (from the table) and its one-shot accuracy. */
    public record Entry(String architecture, double standalone, double oneShot) {}

    public record Outcome(List<Entry> entries, double kendallTau, double spearmanRho) {}

    /**
     * @param archsCsv a CSV with a header holding at least the columns {@code architecture} (any
     *     genotype text) and {@code accuracy} (stand-alone accuracy), as {@code distillnas table} writes
     * @param outCsv where to write architecture, stand-alone and one-shot accuracy (null: nowhere)
     */
    public static Outcome run(Path runDir, Path archsCsv, Path outCsv, int recalibrationBatches, PrintStream out) {
        SearchConfig config = SearchRun.readConfig(runDir);
        SearchSpace space = Spaces.byName(config.space());
        List<String[]> rows = readTable(archsCsv);
        SearchData data = SearchData.load(config, false);
        List<Entry> entries = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet supernet = SearchSupernets.fromCheckpoint(runDir, space, data.macro(), config, null, manager);
            for (String[] row : rows) {
                Genotype g = Genotypes.parseAny(row[0], config.space());
                Evaluator.Result r = OneShot.evaluate(space, supernet, g, data.macro(), data.train(), data.valEval(),
                        recalibrationBatches, manager);
                entries.add(new Entry(row[0], Double.parseDouble(row[1]), r.accuracy()));
                out.printf("%-90s stand-alone %.4f one-shot %.4f%n", row[0], Double.parseDouble(row[1]), r.accuracy());
            }
        }
        double[] a = entries.stream().mapToDouble(Entry::standalone).toArray();
        double[] b = entries.stream().mapToDouble(Entry::oneShot).toArray();
        Outcome outcome = new Outcome(entries, Ranking.kendallTau(a, b), Ranking.spearmanRho(a, b));
        out.printf("%d architectures: Kendall tau %.4f, Spearman rho %.4f%n", entries.size(), outcome.kendallTau(),
                outcome.spearmanRho());
        if (outCsv != null) {
            StringBuilder sb = new StringBuilder("architecture,standalone_accuracy,one_shot_accuracy\n");
            for (Entry e : entries) {
                sb.append('"').append(e.architecture().replace("\"", "\"\"")).append("\",")
                        .append(e.standalone()).append(',').append(e.oneShot()).append('\n');
            }
            AtomicFiles.writeString(outCsv, sb.toString());
        }
        return outcome;
    }

    /** Rows of (architecture, accuracy) from a CSV with a header; errors name the file and the row. */
    static List<String[]> readTable(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new BadInputException("architecture table " + csv + " does not exist");
        }
        List<String[]> rows = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            int line = 1;
            while (it.hasNext()) {
                line++;
                Map<String, String> row = it.next();
                String arch = row.get("architecture");
                String acc = row.get("accuracy");
                if (arch == null || acc == null) {
                    throw new BadInputException(csv + ": expected columns 'architecture' and 'accuracy', found " + row.keySet());
                }
                try {
                    Double.parseDouble(acc);
                } catch (NumberFormatException e) {
                    throw new BadInputException(csv + " line " + line + ": accuracy '" + acc + "' is not a number");
                }
                rows.add(new String[] {arch, acc});
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException("cannot read architecture table " + csv + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        if (rows.size() < 2) {
            throw new BadInputException(csv + " has " + rows.size() + " architectures: a ranking needs at least 2");
        }
        return rows;
    }
}
