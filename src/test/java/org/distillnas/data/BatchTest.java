package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class BatchTest {
    @Test
    void buildsEngineArrays() {
        float[] images = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < images.length; i++) {
            images[i] = i * 0.5f;
        }
        Batch b = new Batch(images, new int[] {7, 1}, 2, 3, 2, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = b.x(m);
            assertThat(x.getShape()).isEqualTo(new Shape(2, 3, 2, 2));
            assertThat(x.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(x.toFloatArray()).containsExactly(images);
            NDArray y = b.y(m);
            assertThat(y.getShape()).isEqualTo(new Shape(2));
            assertThat(y.getDataType()).isEqualTo(DataType.INT64);
            assertThat(y.toLongArray()).containsExactly(7L, 1L);
        }
    }

    @Test
    void streamBatchesFeedTheEngine() {
        ImageDataset d = new ImageDataset("toy", TestFiles.patternPixels(5, 12), new int[] {0, 1, 0, 1, 0}, 3, 2, 2, 2);
        Normalization norm = new Normalization(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1f, 1f, 1f});
        Batch b = new BatchStream(d, norm, Augmentation.cifar(1), 4, true, false, 1).batch(0, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(b.x(m).getShape()).isEqualTo(new Shape(1, 3, 2, 2));
            assertThat(b.y(m).getShape()).isEqualTo(new Shape(1));
        }
    }

    @Test
    void validatesSizes() {
        assertThatThrownBy(() -> new Batch(new float[3], new int[1], 1, 1, 2, 2))
                .isInstanceOf(BadInputException.class)
                .hasMessage("batch of 1 images 1x2x2 got 3 floats and 1 labels");
    }
}
