package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class TrainValSplitTest {
    /** n images of 1x1x2 whose two bytes spell the image's index, so parts can be traced back. */
    private static ImageDataset indexed(int n) {
        byte[] px = new byte[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[2 * i] = (byte) (i >> 8);
            px[2 * i + 1] = (byte) i;
            labels[i] = i % 3;
        }
        return new ImageDataset("toy", px, labels, 1, 1, 2, 3);
    }

    private static Set<Integer> ids(ImageDataset d) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            int id = d.pixel(i, 0, 0, 0) << 8 | d.pixel(i, 0, 0, 1);
            assertThat(d.label(i)).isEqualTo(id % 3);
            ids.add(id);
        }
        return ids;
    }

    @Test
    void partsAreDisjointAndCoverEverything() {
        TrainValSplit s = TrainValSplit.of(indexed(301), 0.5, 7);
        assertThat(s.train().size()).isEqualTo(150);
        assertThat(s.val().size()).isEqualTo(151);
        Set<Integer> train = ids(s.train());
        Set<Integer> val = ids(s.val());
        assertThat(train).hasSize(150).doesNotContainAnyElementsOf(val);
        Set<Integer> all = new HashSet<>(train);
        all.addAll(val);
        assertThat(all).hasSize(301);
        assertThat(s.train().name()).isEqualTo("toy");
    }

    @Test
    void shuffledAndDeterministic() {
        ImageDataset d = indexed(200);
        TrainValSplit a = TrainValSplit.of(d, 0.7, 3);
        TrainValSplit b = TrainValSplit.of(d, 0.7, 3);
        assertThat(ids(a.train())).isEqualTo(ids(b.train()));
        assertThat(a.train().labels()).isEqualTo(b.train().labels());
        assertThat(ids(a.train())).isNotEqualTo(ids(TrainValSplit.of(d, 0.7, 4).train()));
        // Not simply the first 70% of the input.
        assertThat(ids(a.train())).anyMatch(id -> id >= 140);
    }

    @Test
    void badFractionIsNamed() {
        ImageDataset d = indexed(10);
        for (double f : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> TrainValSplit.of(d, f, 0))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("train fraction " + f + " is not strictly between 0 and 1");
        }
        assertThatThrownBy(() -> TrainValSplit.of(d, 0.05, 0)).hasMessageContaining("empty training part");
    }
}
