package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Conv2d;
import org.distillnas.nn.Fn;
import org.distillnas.nn.Linear;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;

/**
 * The DARTS evaluation network's auxiliary classifier, attached after the second reduction cell
 * and used only in training (its loss is added with a weight, 0.4 in the paper): ReLU, pooling to
 * 2x2, 1x1 conv to 128 + BN + ReLU, 2x2 conv to 768 + BN + ReLU, linear.
 *
 * <p>The DARTS code pools 8x8 CIFAR maps with a 5x5 window at stride 3; adaptive pooling to 2x2
 * is used here instead so that any input size (28x28 Fashion-MNIST gives 7x7 maps) works.
 */
final class AuxiliaryHead extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Linear classifier;

    AuxiliaryHead(ParamFactory f, int channels, int numClasses) {
        conv1 = child("conv1", new Conv2d(f, channels, 128, 1, 1, 0));
        bn1 = child("bn1", new BatchNorm2d(f, 128, true));
        conv2 = child("conv2", new Conv2d(f, 128, 768, 2, 1, 0));
        bn2 = child("bn2", new BatchNorm2d(f, 768, true));
        classifier = child("classifier", new Linear(f, 768, numClasses));
    }

    NDArray forward(NDArray x, boolean training) {
        NDArray h = JniUtils.adaptiveAvgPool((PtNDArray) Fn.relu(x), new Shape(2, 2));
        h = Fn.relu(bn1.forward(conv1.forward(h), training));
        h = Fn.relu(bn2.forward(conv2.forward(h), training));
        return classifier.forward(h.reshape(h.getShape().get(0), 768));
    }
}
