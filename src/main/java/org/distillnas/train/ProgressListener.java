package org.distillnas.train;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;

/**
 * Shows a progress bar per epoch (step count, running loss and accuracy, ETA) and prints one line
 * per finished epoch.
 */
public final class ProgressListener implements LoopListener {
    private final PrintStream out;
    private final boolean bar;
    private ProgressBar progress;

    /**
     * @param bar draw a live bar; without it only the per-epoch lines are printed
     */
    public ProgressListener(PrintStream out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int steps) {
        if (bar) {
            progress = new ProgressBarBuilder()
                    .setTaskName(String.format("epoch %d/%d", epoch + 1, epochs))
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .setMaxRenderedLength(110)
                    .showSpeed()
                    .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                    .setUnit(" steps", 1)
                    .continuousUpdate()
                    .build();
        }
    }

    @Override
    public void onStep(StepContext ctx, StepResult result, double trainLoss, double trainAcc) {
        if (progress != null) {
            progress.step();
            progress.setExtraMessage(String.format(" loss %.3f acc %.1f%%", trainLoss, 100 * trainAcc));
        }
    }

    @Override
    public void onEpochEnd(EpochSummary s) {
        if (progress != null) {
            progress.close();
            progress = null;
        }
        out.printf("epoch %d: train loss %.4f acc %.2f%% | val loss %.4f acc %.2f%% | lr %.5f | %s%s%n",
                s.epoch(), s.trainLoss(), 100 * s.trainAcc(), s.valLoss(), 100 * s.valAcc(), s.lr(),
                format(Duration.ofMillis((long) (s.seconds() * 1000))), s.genotype() == null ? "" : " | " + s.genotype());
    }

    private static String format(Duration d) {
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
