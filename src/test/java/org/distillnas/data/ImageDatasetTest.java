package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {
    private static ImageDataset four() {
        return new ImageDataset("toy", TestFiles.patternPixels(4, 6), new int[] {0, 1, 2, 1}, 2, 1, 3, 3);
    }

    @Test
    void accessorsDescribeTheData() {
        ImageDataset d = four();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.imageSize()).isEqualTo(6);
        assertThat(d.label(2)).isEqualTo(2);
        assertThat(d.pixel(1, 1, 0, 2)).isEqualTo(7 + 5);
        byte[] dst = new byte[8];
        d.copyImage(3, dst, 2);
        assertThat(dst).containsExactly(0, 0, 21, 22, 23, 24, 25, 26);
        assertThat(d).hasToString("toy: 4 images 2x1x3, 3 classes");
        assertThatThrownBy(() -> d.label(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void subsetCopiesInTheGivenOrder() {
        ImageDataset d = four();
        ImageDataset s = d.subset(new int[] {3, 0, 3});
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.labels()).containsExactly(1, 0, 1);
        assertThat(s.pixel(0, 0, 0, 0)).isEqualTo(21);
        assertThat(s.pixel(1, 0, 0, 0)).isEqualTo(0);
        assertThat(s.name()).isEqualTo("toy");
        assertThatThrownBy(() -> d.subset(new int[] {4})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void limitKeepsTheFirstImages() {
        ImageDataset d = four();
        assertThat(d.limit(2).labels()).containsExactly(0, 1);
        assertThat(d.limit(2).pixel(1, 1, 0, 2)).isEqualTo(12);
        assertThat(d.limit(0)).isSameAs(d);
        assertThat(d.limit(-3)).isSameAs(d);
        assertThat(d.limit(4)).isSameAs(d);
        assertThat(d.limit(99)).isSameAs(d);
    }

    @Test
    void validatesSizesAndLabels() {
        assertThatThrownBy(() -> new ImageDataset("x", new byte[5], new int[] {0}, 1, 2, 3, 2))
                .isInstanceOf(BadInputException.class)
                .hasMessage("image data set 'x' has 5 pixel bytes but 1 images of 1x2x3 need 6");
        assertThatThrownBy(() -> new ImageDataset("x", new byte[6], new int[] {2}, 1, 2, 3, 2))
                .hasMessage("image data set 'x': image 0 has label 2, expected 0..1");
        assertThatThrownBy(() -> new ImageDataset("x", new byte[0], new int[0], 0, 2, 3, 2))
                .hasMessageContaining("must be positive");
    }
}
