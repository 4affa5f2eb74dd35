package org.distillnas.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.distillnas.space.SearchSpace;
import org.distillnas.space.Spaces;
import org.distillnas.strategy.Methods;
import org.distillnas.strategy.SearchStrategy;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.supernet.Supernet;
import org.distillnas.train.SearchConfig;
import org.distillnas.run.SearchData;
import org.distillnas.run.SearchSupernets;
import org.distillnas.run.TrainedSupernet;
import org.distillnas.strategy.SampledStrategy;
import org.distillnas.train.SearchTask;
import org.distillnas.util.BadInputException;
import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineSetup;

/**
 * The child of the method comparison: one search configuration (any method, space and switch the
 * {@code search} command accepts) stepped exactly as a search steps it ({@link SearchTask} on the
 * run's own data split and supernet), timed after a warm-up. The epoch is the first with
 * architecture steps, so a method with an alpha warm-up (PC-DARTS) is timed with both steps.
 *
 * <p>Usage: {@code MethodStepBench CONFIG_JSON STEPS WARMUP THREADS}; prints a {@code RESULT} line
 * like {@link SearchStepBench}.
 */
public final class MethodStepBench {
    private MethodStepBench() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (BadInputException e) {
            System.err.println("MethodStepBench: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    /** One training step of the configuration under test, and how many make an epoch. */
    private interface Stepper {
        StepResult step(StepContext ctx);

        int stepsPerEpoch();
    }

    /** A DARTS-family step: the search task with its weight and architecture steps. */
    private static Stepper cells(SearchConfig config, SearchData data, NDManager manager) {
        SearchSpace space = Spaces.byName(config.space());
        Supernet net = SearchSupernets.build(space, data.macro(), config, SearchSupernets.paramFactory(manager, config));
        SearchStrategy strategy = Methods.forRun(net, config, data.trainImages(), data.valImages());
        SearchTask task = new SearchTask(strategy, data.train(), data.val(), data.valEval());
        System.out.printf(Locale.ROOT, "%s on %s: supernet %d parameters, %d trainable tensors%n", config.method(),
                space.name(), net.countParameters(), net.weights().size());
        return new Stepper() {
            @Override
            public StepResult step(StepContext ctx) {
                return task.step(ctx);
            }

            @Override
            public int stepsPerEpoch() {
                return task.stepsPerEpoch();
            }
        };
    }

    /** A sampling method's step (spos, sandwich, alphanet, cream) on the training batch of the step's position. */
    private static Stepper sampled(SearchConfig config, SearchData data, NDManager manager) {
        TrainedSupernet t = TrainedSupernet.create(config, data, manager);
        SampledStrategy strategy = Methods.createSampled(t.supernet(), t.sampler(), config, t.heldOutBatch());
        System.out.printf(Locale.ROOT, "%s on %s (%s weights): supernet %d parameters%n", config.method(),
                t.space().name(), t.supernet().sharing().label(), t.supernet().countParameters());
        return new Stepper() {
            @Override
            public StepResult step(StepContext ctx) {
                return strategy.step(data.train().batch(ctx.epoch(), ctx.step()), ctx);
            }

            @Override
            public int stepsPerEpoch() {
                return data.train().batchesPerEpoch();
            }
        };
    }

    private static void run(String[] args) {
        if (args.length != 4) {
            throw new BadInputException("usage: MethodStepBench CONFIG_JSON STEPS WARMUP THREADS");
        }
        SearchConfig config;
        try {
            config = new ObjectMapper().readValue(Path.of(args[0]).toFile(), SearchConfig.class);
        } catch (IOException e) {
            throw new BadInputException("cannot read search configuration " + args[0] + ": " + e.getMessage(), e);
        }
        int steps = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        // fused unless the configuration's options said --unfused; on the CPU unless they named a device
        String device = config.engine() == null ? null : config.engine().device();
        Engine engine = EngineSetup.start(org.distillnas.util.EngineConfig.of(threads, 1)
                .withFused(config.engine() == null || config.engine().isFused()),
                device == null ? DeviceChoice.CPU : DeviceChoice.parse(device));
        SearchData data = SearchData.load(config, false);
        try (NDManager manager = EngineSetup.newManager()) {
            Stepper stepper = Methods.isSampling(config.method()) ? sampled(config, data, manager)
                    : cells(config, data, manager);
            int epoch = config.archStartEpoch();
            int perEpoch = stepper.stepsPerEpoch();
            long t0 = 0;
            StepResult r = null;
            for (int i = 0; i < warmup + steps; i++) {
                if (i == warmup) {
                    t0 = System.nanoTime();
                }
                StepTrace.atStep(i, warmup);
                int e = epoch + i / perEpoch;
                try (NDScope scope = new NDScope()) {
                    r = stepper.step(new StepContext(e, i % perEpoch, (long) epoch * perEpoch + i, config.weightLr(),
                            config.archLr()));
                }
                if (i % 25 == 0 || i == warmup + steps - 1) {
                    ProcStatus p = ProcStatus.read();
                    System.out.printf(Locale.ROOT, "step %4d lossW %.4f lossA %.4f rss %d MiB hwm %d MiB%n", i,
                            r.trainLoss(), r.valLoss(), p.rssMib(), p.hwmMib());
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            StepTrace.finish();
            ProcStatus end = ProcStatus.read();
            System.out.printf(Locale.ROOT, "RESULT java djl=%s libtorch=%s method=%s steps=%d elapsed=%.2fs"
                            + " steps_per_s=%.3f peak_rss_mib=%d rss_at_100=na rss_at_last=%d threads=%d/1%n",
                    Engine.getDjlVersion(), engine.getVersion(), config.method(), steps, elapsed, steps / elapsed,
                    end.hwmMib(), end.rssMib(), threads);
        }
    }
}
