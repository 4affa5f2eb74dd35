package org.distillnas.space.mbv3;

import java.util.Collections;
import java.util.List;
import org.distillnas.space.genotype.Subnet;

/**
 * A MobileNetV3-style sampling space as its space file declares it (read by {@link SpaceFile}):
 * the choices of every dimension a subnet picks, and the fixed layout around them.
 *
 * <p>The network is: stem (3x3 conv, BN, act) - stages of inverted-residual blocks - optional last
 * conv (1x1 conv, BN, act) - global average pooling - optional feature layer (linear with bias,
 * act) - linear classifier. Every list of choices is sorted ascending and has no duplicates, so
 * the first entry is the smallest choice and the last the largest.
 *
 * @param resolutions input sizes (square images) a subnet may use
 * @param lastConv null when the space has no last conv
 * @param feature null when the space has no feature layer
 * @param widthMultipliers empty, or the width multipliers of a slimmable network (Yu et al. 2019):
 *     then every width list holds the base width times each multiplier, in the same order, and a
 *     subnet takes the same position in all of them (one multiplier for the whole network)
 */
public record SpaceSpec(String name, List<Integer> resolutions, StemSpec stem, List<StageSpec> stages,
        HeadSpec lastConv, HeadSpec feature, List<Double> widthMultipliers) {

    public SpaceSpec {
        resolutions = List.copyOf(resolutions);
        stages = List.copyOf(stages);
        widthMultipliers = widthMultipliers == null ? List.of() : List.copyOf(widthMultipliers);
    }

    /** A space whose widths are chosen per stage, not by one multiplier. */
    public SpaceSpec(String name, List<Integer> resolutions, StemSpec stem, List<StageSpec> stages, HeadSpec lastConv,
            HeadSpec feature) {
        this(name, resolutions, stem, stages, lastConv, feature, List.of());
    }

    /** Whether the only width choice is one multiplier for the whole network. */
    public boolean slimmable() {
        return !widthMultipliers.isEmpty();
    }

    /**
     * In a slimmable space, {@code s} with every width at the stem's multiplier (the stem's width
     * decides); otherwise {@code s} unchanged. Sampling and the variation operators draw each width
     * as usual and pass the result through here, so one draw decides the multiplier.
     */
    public Subnet linkWidths(Subnet s) {
        if (!slimmable()) {
            return s;
        }
        int i = stem.widths().indexOf(s.stem());
        List<Subnet.Stage> linked = new java.util.ArrayList<>();
        for (int k = 0; k < stages.size(); k++) {
            linked.add(new Subnet.Stage(stages.get(k).widths().get(i), s.stages().get(k).layers()));
        }
        return new Subnet(s.space(), s.resolution(), s.stem(), linked, lastConv == null ? 0 : lastConv.widths().get(i),
                feature == null ? 0 : feature.widths().get(i));
    }

    /** The stem: a 3x3 convolution of the image, BatchNorm and activation. */
    public record StemSpec(List<Integer> widths, int stride, Activation activation) {
        public StemSpec {
            widths = List.copyOf(widths);
        }
    }

    /** A layer of the head (last conv or feature layer): its width choices and activation. */
    public record HeadSpec(List<Integer> widths, Activation activation) {
        public HeadSpec {
            widths = List.copyOf(widths);
        }
    }

    /**
     * One stage of inverted-residual blocks. Its first block has stride {@code stride} and turns the
     * previous width into this stage's; the others have stride 1 and keep the width.
     *
     * @param widths output channels
     * @param depths how many of the stage's layers run
     * @param kernels depthwise kernel sizes (odd)
     * @param expands expand ratios: hidden channels = input channels x ratio. A stage whose only
     *     ratio is 1 has no expand convolution (MobileNetV2's first block).
     * @param se squeeze-excite (ratio 0.25 of the hidden channels) in every block
     * @param skip any layer but the first may be skipped (identity), as a choice network's "skip"
     *     choice; false: only the last layers are left out (elastic depth), never one in between
     */
    public record StageSpec(List<Integer> widths, List<Integer> depths, List<Integer> kernels, List<Integer> expands,
            int stride, boolean se, Activation activation, boolean skip) {
        public StageSpec {
            widths = List.copyOf(widths);
            depths = List.copyOf(depths);
            kernels = List.copyOf(kernels);
            expands = List.copyOf(expands);
        }

        public int maxWidth() {
            return Collections.max(widths);
        }

        /** Layer positions the stage has (the largest depth). */
        public int maxDepth() {
            return Collections.max(depths);
        }

        public int maxKernel() {
            return Collections.max(kernels);
        }

        public int maxExpand() {
            return Collections.max(expands);
        }

        /** False when every block keeps its input's channel count (expand ratio 1 only). */
        public boolean hasExpandConv() {
            return !expands.equals(List.of(1));
        }

        /** Stride of the layer at {@code position}: the stage's for the first, 1 after. */
        public int stride(int position) {
            return position == 0 ? stride : 1;
        }
    }

    public int maxResolution() {
        return Collections.max(resolutions);
    }
}
