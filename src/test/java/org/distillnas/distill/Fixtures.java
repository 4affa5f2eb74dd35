package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.distillnas.data.Batch;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.MacroConfig;
import org.distillnas.space.SupernetOptions;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.step.StepContext;
import org.distillnas.supernet.Supernet;

/** Small supernets, batches and contexts for the distillation tests. */
final class Fixtures {
    static final int CLASSES = 10;

    private Fixtures() {}

    /** NAS-Bench-201 supernet, C = 4, one cell per stage, 1 input channel, 10 classes. */
    static Supernet supernet(NDManager m, long seed) {
        return new Nb201Space().supernet(new MacroConfig(4, 1, 1, CLASSES), SupernetOptions.defaults(),
                new ParamFactory(m, seed));
    }

    /** A batch of random 1x8x8 images with random labels, for the given sample indices. */
    static Batch batch(long seed, int... indices) {
        Random r = new Random(seed);
        int n = indices.length;
        float[] images = new float[n * 64];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(CLASSES);
        }
        return new Batch(images, labels, n, 1, 8, 8, indices.clone());
    }

    static StepContext ctx(int epoch, long globalStep) {
        return new StepContext(epoch, 0, globalStep, 0.05, 3e-3);
    }

    /** Host copies of a set of named arrays. */
    static Map<String, float[]> host(Map<String, NDArray> arrays) {
        Map<String, float[]> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    /** Host copies of a supernet's tensors. */
    static Map<String, float[]> state(Supernet net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        net.namedParams().forEach((k, p) -> out.put(k, p.value().toFloatArray()));
        return out;
    }
}
