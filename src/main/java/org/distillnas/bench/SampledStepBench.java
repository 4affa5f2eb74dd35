package org.distillnas.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.distillnas.data.Batch;
import org.distillnas.data.DatasetKind;
import org.distillnas.data.Datasets;
import org.distillnas.data.ImageDataset;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.MbSpace;
import org.distillnas.space.mbv3.MbSupernet;
import org.distillnas.strategy.Grads;
import org.distillnas.strategy.SampledStrategyBase;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.train.Losses;
import org.distillnas.train.optim.Sgd;
import org.distillnas.util.BadInputException;
import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineConfig;
import org.distillnas.util.EngineSetup;

/**
 * The Java side of the sampled-step benchmark: one SPOS training step of the choice supernet of
 * {@code mbv3-small}, the setup of the project's {@code bench/mbv3_sampled_ref.py}, timed the same
 * way. Each step runs the next subnet of a list both programs read from the same file: forward
 * through {@link MbSupernet} at batch 64 on Fashion-MNIST 28x28 images in order (resized to the
 * subnet's resolution), cross-entropy, backward, gradient-norm clip 5 and SGD (lr 0.05, momentum
 * 0.9, Nesterov, weight decay 5e-4), the last two over only the parameters the path used
 * ({@link MbSupernet#paramsOf}).
 *
 * <p>Usage: {@code SampledStepBench STEPS WARMUP SUBNETS_FILE [THREADS=2]}, the file holding at
 * least WARMUP + STEPS subnets, one canonical string per line ({@link #writeSubnets}). Prints
 * progress lines and a line starting with {@code RESULT} like {@link RetrainStepBench}.
 */
public final class SampledStepBench {
    static final int BATCH = 64;
    static final String SPACE = "mbv3-small";
    private static final double LR = 0.05;

    private SampledStepBench() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (BadInputException e) {
            System.err.println("SampledStepBench: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    /** The space whose choice supernet is timed. */
    public static MbSpace space() {
        return (MbSpace) SampledSpaces.byName(SPACE);
    }

    /**
     * Writes {@code count} subnets drawn uniformly ({@link MbSpace#sample}) from a generator seeded
     * with {@code seed}, one per line: the sequence both programs step through.
     */
    public static void writeSubnets(Path file, int count, long seed) {
        MbSpace space = space();
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(space.sample(rng).toString());
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the subnet list " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first {@code count} subnets of the file, validated against the space. */
    static List<Subnet> readSubnets(Path file, int count, MbSpace space) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new BadInputException("cannot read the subnet list " + file + ": " + e.getMessage(), e);
        }
        if (lines.size() < count) {
            throw new BadInputException(file + " holds " + lines.size() + " subnets, the run needs " + count);
        }
        return lines.subList(0, count).stream().map(space::parse).toList();
    }

    private static void run(String[] args) {
        if (args.length < 3 || args.length > 4) {
            throw new BadInputException("usage: SampledStepBench STEPS WARMUP SUBNETS_FILE [THREADS]");
        }
        int steps = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        MbSpace space = space();
        List<Subnet> subnets = readSubnets(Path.of(args[2]), warmup + steps, space);
        // on the CPU, like the PyTorch reference this program is compared with
        Engine engine = EngineSetup.start(EngineConfig.of(threads, 1), DeviceChoice.CPU);
        ImageDataset data = Datasets.load(DatasetKind.FASHION_MNIST, null, false).train();
        SequentialBatches batches = new SequentialBatches(data, 0, data.size(), BATCH, 0.2860f, 0.3530f);
        try (NDManager manager = EngineSetup.newManager()) {
            MbSupernet supernet = space.supernet(WeightSharing.CHOICE, 1, 10, new ParamFactory(manager, 0));
            System.out.printf(Locale.ROOT, "params: %d scalars; first path: %d tensors, %d scalars%n",
                    scalars(supernet.weights()), supernet.paramsOf(subnets.get(0)).size(),
                    scalars(supernet.paramsOf(subnets.get(0))));
            Sgd sgd = new Sgd(0.9, 5e-4, true);
            long t0 = 0;
            for (int step = 0; step < warmup + steps; step++) {
                if (step == warmup) {
                    t0 = System.nanoTime();
                }
                StepTrace.atStep(step, warmup);
                Subnet subnet = subnets.get(step);
                Map<String, Param> path = supernet.paramsOf(subnet);
                Batch b = batches.batch(step);
                double loss;
                try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // as SposStrategy: the pass's arrays are closed before backward
                    NDArray l;
                    try (NDManager pass = m.newSubManager()) {
                        l = Losses.crossEntropy(supernet.forward(SampledStrategyBase.passInput(b.x(m), pass), subnet,
                                true), b.y(m));
                        l.attach(m);
                    }
                    gc.backward(l);
                    loss = Losses.scalar(l);
                }
                // outside the step's scope: momentum buffers created here must outlive it
                try (NDScope scope = new NDScope()) {
                    Grads.clipNorm(path, 5.0);
                    sgd.step(path, LR);
                }
                if (step % 25 == 0 || step == warmup + steps - 1) {
                    ProcStatus p = ProcStatus.read();
                    System.out.printf(Locale.ROOT, "step %4d loss %.4f rss %d MiB hwm %d MiB %s%n", step, loss,
                            p.rssMib(), p.hwmMib(), subnet);
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            StepTrace.finish();
            ProcStatus end = ProcStatus.read();
            System.out.printf(Locale.ROOT, "RESULT java djl=%s libtorch=%s space=%s steps=%d elapsed=%.2fs"
                            + " steps_per_s=%.3f peak_rss_mib=%d rss_at_100=na rss_at_last=%d threads=%d/1%n",
                    Engine.getDjlVersion(), engine.getVersion(), SPACE, steps, elapsed, steps / elapsed, end.hwmMib(),
                    end.rssMib(), threads);
        }
    }

    private static long scalars(Map<String, Param> params) {
        return params.values().stream().mapToLong(Param::size).sum();
    }
}
