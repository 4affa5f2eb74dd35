package org.distillnas.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.Locale;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.data.DatasetKind;
import org.distillnas.data.Datasets;
import org.distillnas.data.ImageDataset;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.strategy.Grads;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.train.Losses;
import org.distillnas.train.optim.Sgd;
import org.distillnas.util.BadInputException;
import org.distillnas.util.DeviceChoice;
import org.distillnas.util.EngineConfig;
import org.distillnas.util.EngineSetup;

/**
 * The Java side of the retraining-step benchmark: the setup of the project's
 * {@code bench/nb201_train_ref.py} built with this library, timed the same way. The stand-alone
 * NB201 network of a fixed cell (the README search's before fusion) at C=16 trained with SGD (lr 0.05, momentum 0.9,
 * Nesterov, weight decay 5e-4, gradient-norm clip 5) on batches of 128 Fashion-MNIST images in
 * order; the same step as {@code RetrainTask} without augmentation.
 *
 * <p>Usage: {@code RetrainStepBench STEPS WARMUP [CELLS_PER_STAGE=1] [THREADS=2]}; prints a line
 * starting with {@code RESULT} like {@link SearchStepBench}.
 */
public final class RetrainStepBench {
    static final int BATCH = 128;
    /** A fixed cell (the README search's before supernets were fused), also hard-coded in the reference. */
    static final String CELL = "|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    private RetrainStepBench() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (BadInputException e) {
            System.err.println("RetrainStepBench: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    private static void run(String[] args) {
        if (args.length < 2 || args.length > 4) {
            throw new BadInputException("usage: RetrainStepBench STEPS WARMUP [CELLS_PER_STAGE] [THREADS]");
        }
        int steps = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int cells = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        // on the CPU, like the PyTorch reference this program is compared with
        Engine engine = EngineSetup.start(EngineConfig.of(threads, 1), DeviceChoice.CPU);
        ImageDataset data = Datasets.load(DatasetKind.FASHION_MNIST, null, false).train();
        SequentialBatches batches = new SequentialBatches(data, 0, data.size(), BATCH, 0.2860f, 0.3530f);
        try (NDManager manager = EngineSetup.newManager()) {
            DiscreteNetwork net = new Nb201Space().network(Nb201Genotype.parse(CELL), new MacroConfig(16, cells, 1, 10),
                    new ParamFactory(manager, 0));
            Map<String, Param> weights = net.namedParams(Param::trainable);
            System.out.printf(Locale.ROOT, "params: %d scalars%n", net.countParameters());
            Sgd sgd = new Sgd(0.9, 5e-4, true);
            long t0 = 0;
            for (int step = 0; step < warmup + steps; step++) {
                if (step == warmup) {
                    t0 = System.nanoTime();
                }
                StepTrace.atStep(step, warmup);
                Batch b = batches.batch(step);
                double loss;
                try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = Losses.crossEntropy(net.forward(b.x(m), true), b.y(m));
                    gc.backward(l);
                    loss = Losses.scalar(l);
                }
                try (NDScope scope = new NDScope()) {
                    Grads.clipNorm(weights, 5.0);
                    sgd.step(weights, 0.05);
                }
                if (step % 25 == 0 || step == warmup + steps - 1) {
                    ProcStatus p = ProcStatus.read();
                    System.out.printf(Locale.ROOT, "step %4d loss %.4f rss %d MiB hwm %d MiB%n", step, loss, p.rssMib(),
                            p.hwmMib());
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            StepTrace.finish();
            ProcStatus end = ProcStatus.read();
            System.out.printf(Locale.ROOT, "RESULT java djl=%s libtorch=%s cells=%d steps=%d elapsed=%.2fs steps_per_s=%.3f"
                            + " peak_rss_mib=%d rss_at_100=na rss_at_last=%d threads=%d/1%n",
                    Engine.getDjlVersion(), engine.getVersion(), cells, steps, elapsed, steps / elapsed, end.hwmMib(),
                    end.rssMib(), threads);
        }
    }
}
