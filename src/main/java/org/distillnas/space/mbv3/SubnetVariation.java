package org.distillnas.space.mbv3;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.SpaceSpec.StageSpec;

/**
 * The variation operators of an evolutionary search over a space's subnets: mutation and
 * crossover, both giving valid subnets by construction (no rejection needed for validity, only for
 * cost). Every random choice comes from the generator passed in, in a fixed order, so the same
 * generator state gives the same child.
 *
 * <p>A stage is handled as its layer positions ({@code maxDepth} of them), each a (kernel, expand)
 * or a skip, with the first position always running. Its "depth pattern" is the set of positions
 * that run: the first {@code d} in a stage without skip, any {@code d - 1} after the first in a
 * stage with skip. Kernel and expand are separate dimensions of every position that runs.
 */
final class SubnetVariation {
    private final SpaceSpec spec;

    SubnetVariation(SpaceSpec spec) {
        this.spec = spec;
    }

    /**
     * Each dimension redrawn uniformly over its choices with probability {@code p} (the redraw may
     * give the old value back, as AlphaNet's mutation does). A stage whose depth is redrawn keeps
     * the layers that still run and draws fresh layers for positions that start running: a stage
     * without skip keeps or extends its first layers, a stage with skip drops or adds random
     * positions after the first.
     */
    Subnet mutate(Subnet s, double p, Random rng) {
        int resolution = rng.nextDouble() < p ? pick(spec.resolutions(), rng) : s.resolution();
        int stem = rng.nextDouble() < p ? pick(spec.stem().widths(), rng) : s.stem();
        List<Subnet.Stage> stages = new ArrayList<>();
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec st = spec.stages().get(i);
            Subnet.Stage old = s.stages().get(i);
            int width = rng.nextDouble() < p ? pick(st.widths(), rng) : old.width();
            boolean[] running = running(old, st.maxDepth());
            if (rng.nextDouble() < p) {
                running = resize(running, pick(st.depths(), rng), st.skip(), rng);
            }
            List<Subnet.Layer> layers = new ArrayList<>();
            for (int pos = 0; pos < st.maxDepth(); pos++) {
                if (!running[pos]) {
                    layers.add(Subnet.Layer.SKIP);
                    continue;
                }
                Subnet.Layer was = old.layer(pos);
                // a position that starts running has no values of its own: draw both
                int kernel = was.skip() || rng.nextDouble() < p ? pick(st.kernels(), rng) : was.kernel();
                int expand = was.skip() || rng.nextDouble() < p ? pick(st.expands(), rng) : was.expand();
                layers.add(new Subnet.Layer(kernel, expand));
            }
            stages.add(new Subnet.Stage(width, layers));
        }
        int last = spec.lastConv() == null ? 0 : rng.nextDouble() < p ? pick(spec.lastConv().widths(), rng) : s.lastConv();
        int feature = spec.feature() == null ? 0 : rng.nextDouble() < p ? pick(spec.feature().widths(), rng) : s.feature();
        return spec.linkWidths(new Subnet(spec.name(), resolution, stem, stages, last, feature));
    }

    /**
     * Each dimension taken from either parent with probability 1/2. A stage's depth pattern comes
     * whole from one parent (so it stays one the stage allows); each running position's kernel and
     * expand come from either parent that runs that position, which is always at least the parent
     * that gave the pattern (the repair: the other parent's value is used only where it exists).
     */
    Subnet crossover(Subnet a, Subnet b, Random rng) {
        int resolution = either(a.resolution(), b.resolution(), rng);
        int stem = either(a.stem(), b.stem(), rng);
        List<Subnet.Stage> stages = new ArrayList<>();
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec st = spec.stages().get(i);
            Subnet.Stage sa = a.stages().get(i);
            Subnet.Stage sb = b.stages().get(i);
            int width = either(sa.width(), sb.width(), rng);
            Subnet.Stage pattern = rng.nextBoolean() ? sa : sb;
            List<Subnet.Layer> layers = new ArrayList<>();
            for (int pos = 0; pos < st.maxDepth(); pos++) {
                if (pattern.layer(pos).skip()) {
                    layers.add(Subnet.Layer.SKIP);
                    continue;
                }
                Subnet.Layer la = sa.layer(pos).skip() ? pattern.layer(pos) : sa.layer(pos);
                Subnet.Layer lb = sb.layer(pos).skip() ? pattern.layer(pos) : sb.layer(pos);
                layers.add(new Subnet.Layer(either(la.kernel(), lb.kernel(), rng), either(la.expand(), lb.expand(), rng)));
            }
            stages.add(new Subnet.Stage(width, layers));
        }
        return spec.linkWidths(new Subnet(spec.name(), resolution, stem, stages, either(a.lastConv(), b.lastConv(), rng),
                either(a.feature(), b.feature(), rng)));
    }

    private static boolean[] running(Subnet.Stage stage, int positions) {
        boolean[] running = new boolean[positions];
        for (int pos = 0; pos < positions; pos++) {
            running[pos] = !stage.layer(pos).skip();
        }
        return running;
    }

    /**
     * The running positions changed to {@code depth} of them, keeping as many as possible: without
     * skip the first {@code depth}; with skip, random positions after the first are switched on or
     * off until the count fits.
     */
    private static boolean[] resize(boolean[] running, int depth, boolean skip, Random rng) {
        boolean[] out = running.clone();
        if (!skip) {
            for (int pos = 0; pos < out.length; pos++) {
                out[pos] = pos < depth;
            }
            return out;
        }
        int count = 0;
        for (boolean r : out) {
            count += r ? 1 : 0;
        }
        while (count != depth) {
            boolean add = count < depth;
            List<Integer> candidates = new ArrayList<>();
            for (int pos = 1; pos < out.length; pos++) {
                if (out[pos] != add) {
                    candidates.add(pos);
                }
            }
            out[candidates.get(rng.nextInt(candidates.size()))] = add;
            count += add ? 1 : -1;
        }
        return out;
    }

    /** One of two values, each with probability 1/2; always one draw, so equal parents use the stream alike. */
    private static int either(int a, int b, Random rng) {
        return rng.nextBoolean() ? a : b;
    }

    private static int pick(List<Integer> choices, Random rng) {
        return choices.get(rng.nextInt(choices.size()));
    }
}
