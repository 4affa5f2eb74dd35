package org.distillnas.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Locale;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.data.DatasetKind;
import org.distillnas.data.Datasets;
import org.distillnas.data.ImageDataset;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.strategy.darts.DartsOptions;
import org.distillnas.strategy.darts.DartsStrategy;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.BadInputException;
import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineConfig;
import org.distillnas.util.EngineSetup;

/**
 * The Java side of the search-step benchmark: the setup of {@code nb201_supernet_ref.py} built with
 * this library, timed the same way. An NB201 supernet (C=16, affine BatchNorm) trained by first-order
 * DARTS without gradient clipping on Fashion-MNIST, first half of the training images for the weights
 * and second half for the alphas, batches of 64 in order; one step pair per {@link StepContext}.
 *
 * <p>Run as its own JVM (as {@code distillnas bench} does) so that the peak resident memory it
 * reports belongs to this benchmark alone.
 *
 * <p>Usage: {@code SearchStepBench STEPS WARMUP [CELLS_PER_STAGE=2] [THREADS=2]}; the supernet is
 * fused unless {@code -Ddistillnas.fused=false}, and {@code -Ddistillnas.profile=FILE} profiles the
 * timed steps ({@link StepTrace}). Prints a line
 * {@code step N lossW .. lossA .. rss .. MiB hwm .. MiB} every 25 steps and after the last, then one
 * line starting with {@code RESULT}. Exit status 2 on bad arguments or missing data.
 */
public final class SearchStepBench {
    /** Batch size of both steps, as in the reference. */
    static final int BATCH = 64;
    /** Step whose resident memory the memory benchmark takes as the baseline (warm-up is over by then). */
    static final int RSS_BASELINE_STEP = 100;
    private static final int PRINT_EVERY = 25;

    private SearchStepBench() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (BadInputException e) {
            System.err.println("SearchStepBench: " + e.getMessage());
            System.exit(2);
        }
        // DJL's and libtorch's threads must not keep the JVM alive after the result is out.
        System.exit(0);
    }

    private static void run(String[] args) {
        if (args.length < 2 || args.length > 4) {
            throw new BadInputException("usage: SearchStepBench STEPS WARMUP [CELLS_PER_STAGE] [THREADS]");
        }
        int steps = positive(args[0], "STEPS", 1);
        int warmup = positive(args[1], "WARMUP", 0);
        int cells = args.length > 2 ? positive(args[2], "CELLS_PER_STAGE", 1) : 2;
        int threads = args.length > 3 ? positive(args[3], "THREADS", 1) : 2;
        // Before anything else: DJL reads the thread counts once, when the engine loads.
        // on the CPU, like the PyTorch reference this program is compared with
        Engine engine = EngineSetup.start(EngineConfig.of(threads, 1), DeviceChoice.CPU);

        long t = System.nanoTime();
        ImageDataset data = Datasets.load(DatasetKind.FASHION_MNIST, null, false).train();
        System.out.printf(Locale.ROOT, "loaded %d images in %.2fs%n", data.size(), (System.nanoTime() - t) / 1e9);
        int half = data.size() / 2;
        SequentialBatches train = new SequentialBatches(data, 0, half, BATCH, 0.2860f, 0.3530f);
        SequentialBatches val = new SequentialBatches(data, half, data.size() - half, BATCH, 0.2860f, 0.3530f);

        try (NDManager manager = EngineSetup.newManager()) {
            Supernet net = new Nb201Space().supernet(new MacroConfig(16, cells, 1, 10),
                    new SupernetOptions(true, true).withFused(StepTrace.fused()), new ParamFactory(manager, 0));
            Map<String, Param> weights = net.weights();
            System.out.printf(Locale.ROOT, "params: %d tensors, %d scalars%n", weights.size(),
                    weights.values().stream().mapToLong(Param::size).sum());
            // Gradient clipping off (0.0) because the reference does not clip.
            DartsStrategy strategy = new DartsStrategy("darts", net,
                    new DartsOptions(false, 0.9, 3e-4, false, 0.0, 0.5, 0.999, 1e-3, 0));
            loop(strategy, train, val, steps, warmup, cells, threads, engine);
        }
    }

    private static void loop(DartsStrategy strategy, SequentialBatches train, SequentialBatches val, int steps,
            int warmup, int cells, int threads, Engine engine) {
        int total = warmup + steps;
        long t0 = 0;
        long rssAt100 = -1;
        for (int step = 0; step < total; step++) {
            if (step == warmup) {
                t0 = System.nanoTime();
            }
            StepTrace.atStep(step, warmup);
            // Batches are built inside the timed loop because the reference builds its own there too.
            Batch tb = train.batch(step);
            Batch vb = val.batch(step);
            StepResult r;
            // The same per-step scope as TrainingLoop: without it every step's arrays stay alive.
            try (NDScope s = new NDScope()) {
                r = strategy.step(tb, vb, new StepContext(0, step, step, 0.025, 3e-4));
            }
            boolean last = step == total - 1;
            if (step == RSS_BASELINE_STEP || step % PRINT_EVERY == 0 || last) {
                ProcStatus p = ProcStatus.read();
                if (step == RSS_BASELINE_STEP) {
                    rssAt100 = p.rssMib();
                }
                if (step % PRINT_EVERY == 0 || last) {
                    System.out.printf(Locale.ROOT, "step %4d lossW %.4f lossA %.4f rss %d MiB hwm %d MiB%n",
                            step, r.trainLoss(), r.valLoss(), p.rssMib(), p.hwmMib());
                }
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        StepTrace.finish();
        ProcStatus end = ProcStatus.read();
        System.out.printf(Locale.ROOT, "RESULT java djl=%s libtorch=%s cells=%d steps=%d elapsed=%.2fs steps_per_s=%.3f"
                        + " peak_rss_mib=%d rss_at_100=%s rss_at_last=%d threads=%d/1%n",
                Engine.getDjlVersion(), engine.getVersion(), cells, steps, elapsed, steps / elapsed, end.hwmMib(),
                rssAt100 < 0 ? "na" : Long.toString(rssAt100), end.rssMib(), threads);
    }

    private static int positive(String value, String name, int min) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new BadInputException(name + " '" + value + "': expected an integer >= " + min);
    }
}
