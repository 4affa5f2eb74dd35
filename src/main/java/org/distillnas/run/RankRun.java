package org.distillnas.run;

import java.util.function.Function;
import org.distillnas.eval.SubnetEvaluation;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.strategy.Methods;
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
import org.distillnas.util.EngineSetup;

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
        List<String[]> rows = readTable(archsCsv);
        List<Entry> entries = new ArrayList<>();
        try (NDManager manager = EngineSetup.newManager()) {
            Function<String, Evaluator.Result> oneShot = Methods.isSampling(config.method())
                    ? sampledScorer(runDir, recalibrationBatches, manager)
                    : cellScorer(runDir, config, recalibrationBatches, manager);
            for (String[] row : rows) {
                Evaluator.Result r = oneShot.apply(row[0]);
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

    /** One-shot scores of cell genotypes: the discrete network with the supernet's weights. */
    private static Function<String, Evaluator.Result> cellScorer(Path runDir, SearchConfig config, int batches,
            NDManager manager) {
        SearchSpace space = Spaces.byName(config.space());
        SearchData data = SearchData.load(config, false);
        Supernet supernet = SearchSupernets.fromCheckpoint(runDir, space, data.macro(), config, null, manager);
        return text -> OneShot.evaluate(space, supernet, Genotypes.parseAny(text, config.space()), data.macro(),
                data.train(), data.valEval(), batches, manager);
    }

    /** One-shot scores of subnets: the subnet's network with inherited weights, recalibrated. */
    private static Function<String, Evaluator.Result> sampledScorer(Path runDir, int batches, NDManager manager) {
        TrainedSupernet t = TrainedSupernet.load(runDir, null, manager);
        SubnetEvaluation e = new SubnetEvaluation(t.space(), t.supernet(), t.inChannels(), t.numClasses(),
                t.data().train(), t.data().valEval(), batches);
        return text -> {
            Subnet subnet = Subnet.parse(text.strip());
            t.space().validate(subnet);
            return e.evaluate(subnet, manager);
        };
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
