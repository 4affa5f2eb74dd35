package org.distillnas.space.mbv3;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.SpaceSpec.HeadSpec;
import org.distillnas.space.mbv3.SpaceSpec.StageSpec;
import org.distillnas.util.BadInputException;

/**
 * Which subnets a space allows, and drawing them: validation with one-line errors naming the field
 * and the allowed values, uniform random sampling, the largest and the smallest subnet.
 *
 * <p>A stage's layers: the first always runs (it changes stride and width); the number that run is
 * one of the stage's depths; a stage without {@code skip} runs its first d layers, a stage with
 * {@code skip} may leave out any layers but the first.
 */
final class SubnetRules {
    private final SpaceSpec spec;

    SubnetRules(SpaceSpec spec) {
        this.spec = spec;
    }

    /** @throws BadInputException naming the first field that is not allowed */
    void validate(Subnet s) {
        if (!s.space().equals(spec.name())) {
            throw bad(s, "space", "'" + s.space() + "', expected '" + spec.name() + "'");
        }
        among(s, "resolution", s.resolution(), spec.resolutions());
        among(s, "stem", s.stem(), spec.stem().widths());
        if (s.stages().size() != spec.stages().size()) {
            throw bad(s, "stages", s.stages().size() + " stages, expected " + spec.stages().size());
        }
        for (int i = 0; i < s.stages().size(); i++) {
            stage(s, i);
        }
        head(s, "last_conv", s.lastConv(), spec.lastConv());
        head(s, "feature", s.feature(), spec.feature());
        if (spec.slimmable() && !spec.linkWidths(s).equals(s)) {
            double m = spec.widthMultipliers().get(spec.stem().widths().indexOf(s.stem()));
            throw bad(s, "widths", "a slimmable space takes one width multiplier for the whole network: the stem's "
                    + s.stem() + " is x" + m + ", expected " + spec.linkWidths(s));
        }
    }

    private void stage(Subnet s, int i) {
        StageSpec st = spec.stages().get(i);
        Subnet.Stage stage = s.stages().get(i);
        String field = "stages[" + i + "]";
        among(s, field + ".width", stage.width(), st.widths());
        if (stage.layers().size() > st.maxDepth()) {
            throw bad(s, field + ".layers", stage.layers().size() + " layers, expected at most " + st.maxDepth());
        }
        for (int p = 0; p < stage.layers().size(); p++) {
            Subnet.Layer l = stage.layers().get(p);
            String lf = field + ".layers[" + p + "]";
            if (l.skip()) {
                if (p == 0) {
                    throw bad(s, lf, "the first layer of a stage cannot be skipped");
                }
                if (!st.skip()) {
                    throw bad(s, lf, "skipped, but this stage only drops its last layers (depth); no skip in between");
                }
                continue;
            }
            among(s, lf + ".kernel", l.kernel(), st.kernels());
            among(s, lf + ".expand", l.expand(), st.expands());
        }
        among(s, field + ".depth", stage.depth(), st.depths());
    }

    private void head(Subnet s, String field, int value, HeadSpec head) {
        if (head == null && value != 0) {
            throw bad(s, field, value + ", but the space has no " + field + " layer");
        }
        if (head != null) {
            among(s, field, value, head.widths());
        }
    }

    private static void among(Subnet s, String field, int value, List<Integer> allowed) {
        if (!allowed.contains(value)) {
            throw bad(s, field, (value == 0 ? "missing" : Integer.toString(value)) + ", expected one of "
                    + allowed.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
    }

    private static BadInputException bad(Subnet s, String field, String message) {
        return new BadInputException("subnet '" + s + "': " + field + ": " + message);
    }

    /**
     * A random subnet: every dimension uniform over its choices, drawn in a fixed order from
     * {@code rng} alone (the same seed gives the same subnet). With skip, the layers that run after
     * the first are a uniform random subset of the right size.
     */
    Subnet sample(Random rng) {
        return sample(rng, null);
    }

    /**
     * A random subnet as {@link #sample(Random)}, except that the layers of every stage with as many
     * (kernel, expand) choices as {@code choiceWeights} has entries draw their choice from those
     * weights (kernel-major: k3e4, k3e6, k5e4, ...), as Cream's pre-set op probabilities; other
     * stages stay uniform. Null weights: uniform everywhere.
     */
    Subnet sample(Random rng, double[] choiceWeights) {
        int resolution = pick(spec.resolutions(), rng);
        int stem = pick(spec.stem().widths(), rng);
        List<Subnet.Stage> stages = new ArrayList<>();
        for (StageSpec st : spec.stages()) {
            int width = pick(st.widths(), rng);
            int depth = pick(st.depths(), rng);
            List<Integer> positions = new ArrayList<>();
            for (int p = 1; p < st.maxDepth(); p++) {
                positions.add(p);
            }
            if (st.skip()) {
                Collections.shuffle(positions, rng);
            }
            List<Integer> running = new ArrayList<>(positions.subList(0, depth - 1));
            running.add(0);
            List<Subnet.Layer> layers = new ArrayList<>();
            for (int p = 0; p < st.maxDepth(); p++) {
                layers.add(running.contains(p) ? layer(st, choiceWeights, rng) : Subnet.Layer.SKIP);
            }
            stages.add(new Subnet.Stage(width, layers));
        }
        int last = spec.lastConv() == null ? 0 : pick(spec.lastConv().widths(), rng);
        int feature = spec.feature() == null ? 0 : pick(spec.feature().widths(), rng);
        return spec.linkWidths(new Subnet(spec.name(), resolution, stem, stages, last, feature));
    }

    private static Subnet.Layer layer(StageSpec st, double[] weights, Random rng) {
        int choices = st.kernels().size() * st.expands().size();
        if (weights == null || weights.length != choices) {
            return new Subnet.Layer(pick(st.kernels(), rng), pick(st.expands(), rng));
        }
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = rng.nextDouble() * total;
        int i = 0;
        while (i < choices - 1 && (u -= weights[i]) >= 0) {
            i++;
        }
        return new Subnet.Layer(st.kernels().get(i / st.expands().size()), st.expands().get(i % st.expands().size()));
    }

    /** Every dimension at its largest choice. */
    Subnet largest() {
        return extreme(true);
    }

    /** Every dimension at its smallest choice; the layers that run are the first ones. */
    Subnet smallest() {
        return extreme(false);
    }

    private Subnet extreme(boolean max) {
        List<Subnet.Stage> stages = new ArrayList<>();
        for (StageSpec st : spec.stages()) {
            Subnet.Layer layer = new Subnet.Layer(end(st.kernels(), max), end(st.expands(), max));
            stages.add(new Subnet.Stage(end(st.widths(), max), Collections.nCopies(end(st.depths(), max), layer)));
        }
        return new Subnet(spec.name(), end(spec.resolutions(), max), end(spec.stem().widths(), max), stages,
                spec.lastConv() == null ? 0 : end(spec.lastConv().widths(), max),
                spec.feature() == null ? 0 : end(spec.feature().widths(), max));
    }

    private static int end(List<Integer> sorted, boolean max) {
        return sorted.get(max ? sorted.size() - 1 : 0);
    }

    private static int pick(List<Integer> choices, Random rng) {
        return choices.get(rng.nextInt(choices.size()));
    }
}
