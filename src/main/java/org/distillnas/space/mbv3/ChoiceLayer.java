package org.distillnas.space.mbv3;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.SpaceSpec.StageSpec;

/**
 * A layer of a choice supernet (SPOS, Cream): one independent {@link InvertedResidual} per
 * (kernel, expand ratio) choice, named by the choice ({@code k3e4}); only the chosen block runs, so
 * only its weights receive gradients. Widths stay elastic (the first channels of the largest), as
 * in SPOS's channel search, so that every subnet of the space has a path.
 */
final class ChoiceLayer extends SearchLayer {
    private final Map<Subnet.Layer, InvertedResidual> blocks = new HashMap<>();

    ChoiceLayer(ParamFactory f, StageSpec stage, int position, int maxIn, int maxOut) {
        for (int k : stage.kernels()) {
            for (int e : stage.expands()) {
                Subnet.Layer choice = new Subnet.Layer(k, e);
                blocks.put(choice, child(choice.toString(), new InvertedResidual(f, maxIn, maxOut, k, e,
                        stage.stride(position), stage.se(), stage.activation(), stage.hasExpandConv())));
            }
        }
    }

    @Override
    NDArray forward(NDArray x, int width, Subnet.Layer layer, boolean training) {
        return blocks.get(layer).forward(x, width, layer, training);
    }
}
