package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void builtInStatistics() {
        assertThat(Normalization.of("fashion-mnist").mean()).containsExactly(0.2860f);
        assertThat(Normalization.of("fashion-mnist").std()).containsExactly(0.3530f);
        assertThat(Normalization.of("cifar10").mean()).containsExactly(0.4914f, 0.4822f, 0.4465f);
        assertThat(Normalization.of("cifar10").std()).containsExactly(0.2470f, 0.2435f, 0.2616f);
        assertThat(Normalization.of("CIFAR100").mean()).containsExactly(0.5071f, 0.4865f, 0.4409f);
        assertThat(Normalization.of("cifar100").std()).containsExactly(0.2673f, 0.2564f, 0.2762f);
        assertThatThrownBy(() -> Normalization.of("mnist"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("no built-in normalization for dataset 'mnist'");
    }

    @Test
    void estimateIsPerChannelMeanAndPopulationStd() {
        // channel 0 holds 0 and 255 (mean 0.5, std 0.5); channel 1 is constant 51 (mean 0.2, std -> 1).
        byte[] px = {0, (byte) 255, 51, 51, (byte) 255, 0, 51, 51};
        ImageDataset d = new ImageDataset("folder", px, new int[] {0, 0}, 2, 1, 2, 1);
        Normalization n = Normalization.estimate(d);
        assertThat(n.mean()).containsExactly(new float[] {0.5f, 0.2f}, within(1e-6f));
        assertThat(n.std()).containsExactly(new float[] {0.5f, 1f}, within(1e-6f));
        assertThat(Normalization.of(DatasetKind.IMAGE_FOLDER, d)).isEqualTo(n);
        assertThat(Normalization.of(DatasetKind.CIFAR10, d)).isSameAs(Normalization.CIFAR10);
    }

    @Test
    void valueSemanticsAndDefensiveCopies() {
        float[] mean = {0.1f};
        Normalization n = new Normalization(mean, new float[] {0.2f});
        mean[0] = 9;
        n.mean()[0] = 9;
        assertThat(n.mean()).containsExactly(0.1f);
        assertThat(n).isEqualTo(new Normalization(new float[] {0.1f}, new float[] {0.2f}));
        assertThat(n.hashCode()).isEqualTo(new Normalization(new float[] {0.1f}, new float[] {0.2f}).hashCode());
        assertThat(n.toString()).contains("0.1", "0.2");
        assertThatThrownBy(() -> new Normalization(new float[] {0}, new float[] {0}))
                .hasMessageContaining("std must be positive");
        assertThatThrownBy(() -> new Normalization(new float[] {0, 0}, new float[] {1}))
                .hasMessageContaining("got 2 and 1");
    }
}
