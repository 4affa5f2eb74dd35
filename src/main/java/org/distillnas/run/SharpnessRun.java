package org.distillnas.run;

import org.distillnas.train.Checkpointer;
import org.distillnas.train.RunFiles;
import org.distillnas.train.SearchConfig;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.eval.Sharpness;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;

/**
 * The sharpness of a finished (or interrupted) search, measured afresh from one of its checkpoints:
 * with more validation batches or another solver than the search tracked it with, e.g. an exact
 * final figure for a search that tracked a cheap estimate per epoch. The run folder is only read,
 * except for the result file.
 */
public final class SharpnessRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SharpnessRun() {}

    /**
     * @param checkpoint checkpoint name, e.g. {@code epoch-0005} (null: the latest)
     * @param batches validation batches the loss is averaged over
     * @param iterations power iterations (power solver only)
     * @param radius finite-difference radius in alpha space
     * @param outJson where to write the result (null: nowhere)
     * @return the result as written
     */
    public static Map<String, Object> run(Path runDir, String checkpoint, int batches, Sharpness.Solver solver,
            int iterations, double radius, Path outJson, PrintStream out) {
        if (batches < 1) {
            throw new BadInputException("--batches " + batches + ": expected at least 1");
        }
        if (iterations < 1) {
            throw new BadInputException("--iterations " + iterations + ": expected at least 1");
        }
        SearchConfig config = SearchRun.readConfig(runDir);
        SearchSpace space = Spaces.byName(config.space());
        String name = checkpoint != null ? checkpoint
                : new Checkpointer(new RunFiles(runDir).checkpoints(), 2).latestName();
        SearchData data = SearchData.load(config, false);
        if (batches > data.valEval().batchesPerEpoch()) {
            throw new BadInputException("--batches " + batches + ": the run's validation split has only "
                    + data.valEval().batchesPerEpoch() + " batches of " + config.batchSize());
        }
        long t0 = System.nanoTime();
        try (NDManager manager = EngineSetup.newManager()) {
            Supernet supernet = SearchSupernets.fromCheckpoint(runDir, space, data.macro(), config, name, manager);
            Sharpness.Estimate e = Sharpness.estimate(supernet, SearchSupernets.builder(space, data.macro(), config),
                    data.valEval(), batches, solver, iterations, config.seed() + epochOf(name), radius, manager);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("checkpoint", name);
            result.put("solver", e.solver().toString());
            result.put("batches", batches);
            result.put("batch_size", config.batchSize());
            result.put("dimension", e.dimension());
            result.put("products", e.products());
            result.put("converged", e.converged());
            result.put("radius", e.radius());
            result.put("eigenvalue", e.eigenvalue());
            if (e.top().length > 0) {
                result.put("eigenvalues", Arrays.copyOf(e.top(), Math.min(5, e.top().length)));
                result.put("asymmetry", e.asymmetry());
            }
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            out.printf("%s, %s: largest Hessian eigenvalue %.4f (%s solver, %d products on %d validation batches%s)%n",
                    runDir, name, e.eigenvalue(), e.solver(), e.products(), batches,
                    e.converged() ? "" : e.solver() == Sharpness.Solver.EXACT
                            ? String.format(", NOT clean: Hessian %.0f%% antisymmetric", 100 * e.asymmetry())
                            : ", NOT converged");
            if (outJson != null) {
                try {
                    AtomicFiles.writeString(outJson, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
                } catch (JsonProcessingException ex) {
                    throw new UncheckedIOException(ex);
                }
                out.println("written to " + outJson);
            }
            return result;
        }
    }

    /** The epoch number of a checkpoint named {@code epoch-NNNN}, 0 for any other name. */
    static int epochOf(String name) {
        if (name.matches("epoch-\\d+")) {
            return Integer.parseInt(name.substring("epoch-".length()));
        }
        return 0;
    }
}
