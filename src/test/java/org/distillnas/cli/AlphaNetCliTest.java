package org.distillnas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distillnas.cli.CliErrorsTest.assertOneLine;
import static org.distillnas.cli.CliErrorsTest.run;
import static org.distillnas.cli.SampledSearchCliTest.resolve;

import java.nio.file.Path;
import org.distillnas.distill.DistillLossConfig;
import org.distillnas.train.SearchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code search --method alphanet} and the distillation-loss options shared with self-distillation. */
class AlphaNetCliTest {
    @TempDir
    Path tmp;

    @Test
    void alphanetDefaultsToTheAdaptiveDivergenceAndThePaperSandwich() {
        SearchConfig c = resolve("--space", "mbv3-small", "--method", "alphanet");
        assertThat(c.kdLoss()).isEqualTo(new DistillLossConfig("adaptive", 0.5, -1, 1, 5));
        assertThat(c.sampling().labelSmoothing()).isEqualTo(0.1);
        assertThat(c.sampling().gradClipValue()).isEqualTo(1.0);
        assertThat(c.sampling().sandwichRandom()).isEqualTo(2);
        SearchConfig paper = resolve("--space", "mbv3-small", "--method", "alphanet", "--preset", "paper");
        assertThat(paper.epochs()).isEqualTo(360);
        assertThat(paper.weightDecay()).isEqualTo(1e-5);
        assertThat(paper.sampling().recalibrationBatches()).isEqualTo(64);
        assertThat(paper.sampling().noDecayNormOrBias()).isTrue();
        assertThat(paper.sampling().lrWarmupEpochs()).isEqualTo(5);
        assertThat(c.sampling().lrWarmupEpochs()).isZero();
        assertThat(c.sampling().noDecayNormOrBias()).isFalse();
        assertThat(resolve("--space", "mbv3-small", "--method", "alphanet", "--preset", "paper", "--decay-norm-bias")
                .sampling().noDecayNormOrBias()).isFalse();
        SearchConfig alpha = resolve("--space", "mbv3-small", "--method", "alphanet", "--kd-loss", "alpha", "--kd-alpha",
                "-0.5", "--iw-clip", "3", "--label-smoothing", "0");
        assertThat(alpha.kdLoss()).isEqualTo(new DistillLossConfig("alpha", -0.5, -1, 1, 3));
        assertThat(alpha.sampling().labelSmoothing()).isZero();
        // the plain sandwich rule keeps its labels-only default
        assertThat(resolve("--space", "mbv3-small", "--method", "sandwich").sampling().labelSmoothing()).isZero();
    }

    @Test
    void selfDistillationTakesTheSameLossChoice() {
        SearchConfig sd = resolve("--method", "sd-darts", "--kd-loss", "adaptive", "--alpha-min", "-0.5");
        assertThat(sd.kdLoss()).isEqualTo(new DistillLossConfig("adaptive", 0.5, -0.5, 1, 5));
        assertThat(resolve("--method", "sd-darts").kdLoss().kind()).isEqualTo("kl");
        assertThat(resolve("--method", "darts", "--self-distill", "--kd-loss", "alpha").kdLoss().kind()).isEqualTo("alpha");
    }

    @Test
    void lossOptionsWithoutDistillationOrOutOfRangeAreOneLineErrors() {
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "sandwich", "--kd-loss", "kl", "--out",
                tmp.resolve("a").toString()), "--kd-loss", "--method sandwich does not distil");
        assertOneLine(run("search", "--method", "darts", "--iw-clip", "2", "--out", tmp.resolve("b").toString()),
                "--method darts does not distil");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "alphanet", "--kd-loss", "js", "--out",
                tmp.resolve("c").toString()), "--kd-loss js: expected one of kl, alpha, adaptive");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "alphanet", "--alpha-min", "2", "--out",
                tmp.resolve("d").toString()), "--alpha-min 2.0 / --alpha-max 1.0");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "alphanet", "--iw-clip", "0", "--out",
                tmp.resolve("e").toString()), "--iw-clip 0.0");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "alphanet", "--label-smoothing", "1", "--out",
                tmp.resolve("f").toString()), "--label-smoothing 1.0: expected a number in [0, 1)");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "alphanet", "--kd-loss", "kl", "--iw-clip", "2",
                "--out", tmp.resolve("g").toString()), "--iw-clip applies to --kd-loss alpha and adaptive, not kl");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "alphanet", "--kd-alpha", "2", "--out",
                tmp.resolve("h").toString()), "--kd-alpha applies to --kd-loss alpha, not adaptive");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "spos", "--label-smoothing", "0.1", "--out",
                tmp.resolve("i").toString()), "--label-smoothing applies to", "not --method spos");
        assertOneLine(run("search", "--space", "mbv3-small", "--method", "alphanet", "--epochs", "3", "--lr-warmup-epochs",
                "3", "--out", tmp.resolve("j").toString()), "--lr-warmup-epochs 3: expected fewer than --epochs 3");
        assertThat(tmp.resolve("a")).doesNotExist();
        assertThat(tmp.resolve("f")).doesNotExist();
    }
}
