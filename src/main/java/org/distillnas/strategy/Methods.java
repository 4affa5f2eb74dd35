package org.distillnas.strategy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.distill.SelfDistillConfig;
import org.distillnas.distill.SelfDistillation;
import org.distillnas.strategy.darts.DartsOptions;
import org.distillnas.strategy.alphanet.InplaceDistillation;
import org.distillnas.strategy.cream.CreamStrategy;
import org.distillnas.strategy.darts.DartsStrategy;
import org.distillnas.strategy.sandwich.SandwichLoss;
import org.distillnas.strategy.sandwich.SandwichStrategy;
import org.distillnas.strategy.spos.SposStrategy;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.supernet.Supernet;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.train.SearchConfig;
import org.distillnas.util.BadInputException;

/** The search methods by command-line name. */
public final class Methods {
    /** Builds a strategy for a supernet from the run's configuration. */
    @FunctionalInterface
    public interface Factory {
        SearchStrategy create(Supernet supernet, SearchConfig config);
    }

    /** SD-DARTS (Zhu et al. 2023): first-order DARTS with self-distillation always on. */
    public static final String SD_DARTS = "sd-darts";
    /** Cream of the Crop (Peng et al. 2020): single path distilled from a prioritized path board. */
    public static final String CREAM = "cream";
    /** AlphaNet (Wang et al. 2021): sandwich rule with in-place distillation. */
    public static final String ALPHANET = "alphanet";

    private static final Map<String, Factory> METHODS = new LinkedHashMap<>();
    /** Methods whose defaults differ from DARTS's. */
    private static final Map<String, MethodDefaults> DEFAULTS = new LinkedHashMap<>();

    static {
        METHODS.put("darts", (net, c) -> new DartsStrategy("darts", net, dartsOptions(c, false)));
        METHODS.put("darts-2nd", (net, c) -> new DartsStrategy("darts-2nd", net, dartsOptions(c, true)));
        // RF-DARTS: first-order DARTS on a random-feature supernet (the freezing happens when the
        // supernet is built, see train.SearchSupernets)
        METHODS.put("rf-darts", (net, c) -> new DartsStrategy("rf-darts", net, dartsOptions(c, false)));
        // first-order DARTS + self-distillation; the distillation is added by withSelfDistillation
        METHODS.put(SD_DARTS, (net, c) -> new DartsStrategy(SD_DARTS, net, dartsOptions(c, false)));
        // PC-DARTS: first-order DARTS on a supernet with partial channels and edge normalisation
        // (the supernet is built from the run's configuration, which these defaults fill in)
        METHODS.put("pc-darts", (net, c) -> new DartsStrategy("pc-darts", net, dartsOptions(c, false)));
        DEFAULTS.put("pc-darts", MethodDefaults.PC_DARTS);
        // RF-PCDARTS: PC-DARTS on a random-feature supernet
        METHODS.put("rf-pcdarts", (net, c) -> new DartsStrategy("rf-pcdarts", net, dartsOptions(c, false)));
        DEFAULTS.put("rf-pcdarts", MethodDefaults.PC_DARTS);
    }

    /** Builds a sampling strategy for a supernet of a sampling space from the run's configuration. */
    @FunctionalInterface
    public interface SampledFactory {
        SampledStrategy create(SampledSupernet supernet, SubnetSampler sampler, SearchConfig config, Batch heldOut);
    }

    /** The sampling methods, which search the spaces of {@code space.SampledSpaces}. */
    private static final Map<String, SampledFactory> SAMPLED = new LinkedHashMap<>();
    /** Each sampling method's weight sharing when the user does not choose one. */
    private static final Map<String, WeightSharing> SHARING = new LinkedHashMap<>();

    static {
        // SPOS (Guo et al. 2020): one path per step, independent weights per choice
        SAMPLED.put("spos", (net, sampler, c, held) -> new SposStrategy("spos", net, sampler, sampledWeights(c)));
        SHARING.put("spos", WeightSharing.CHOICE);
        // the sandwich rule (Yu et al. 2020): largest, N random, smallest per step, on the labels
        SAMPLED.put("sandwich", (net, sampler, c, held) -> new SandwichStrategy("sandwich", net, sampler, sampledWeights(c),
                c.sampling().sandwichRandom(), SandwichLoss.labels(c.sampling().labelSmoothing())));
        SHARING.put("sandwich", WeightSharing.ELASTIC);
        // AlphaNet (Wang et al. 2021): the sandwich rule, the others distilled from the largest
        // through the run's --kd-loss (adaptive alpha-divergence by default)
        SAMPLED.put(ALPHANET, (net, sampler, c, held) -> new SandwichStrategy(ALPHANET, net, sampler, sampledWeights(c),
                c.sampling().sandwichRandom(), new InplaceDistillation(c.sampling().labelSmoothing(),
                        c.kdLoss().create(1))));
        SHARING.put(ALPHANET, WeightSharing.ELASTIC);
        // Cream of the Crop (Peng et al. 2020): SPOS paths distilled from the prioritized path board
        SAMPLED.put(CREAM, (net, sampler, c, held) -> new CreamStrategy(CREAM, net, sampler, sampledWeights(c),
                c.board(), c.seed(), held));
        SHARING.put(CREAM, WeightSharing.CHOICE);
    }

    private Methods() {}

    /** Every method, the DARTS family's and the sampling ones. */
    public static java.util.Set<String> names() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(METHODS.keySet());
        all.addAll(SAMPLED.keySet());
        return all;
    }

    /** Whether a method trains a sampling supernet (its space is one of {@code SampledSpaces}). */
    public static boolean isSampling(String name) {
        return SAMPLED.containsKey(check(name));
    }

    /** The weight sharing a sampling method's supernet uses: the configured one, else the method's. */
    public static WeightSharing sharing(SearchConfig config) {
        return config.sampling().sharing(SHARING.get(config.method()));
    }

    /**
     * The strategy of a sampling search run.
     *
     * @param heldOut a fixed validation batch (Cream's held-out scoring of paths); null without one
     */
    public static SampledStrategy createSampled(SampledSupernet supernet, SubnetSampler sampler, SearchConfig config,
            Batch heldOut) {
        SampledFactory f = SAMPLED.get(check(config.method()));
        if (f == null) {
            throw new BadInputException("--method " + config.method() + " searches cell spaces (nb201, darts...), not "
                    + "the sampling space " + config.space() + ": expected one of " + String.join(", ", SAMPLED.keySet()));
        }
        return f.create(supernet, sampler, config, heldOut);
    }

    /**
     * The weight update of the sampling methods: SGD with the run's momentum, decay and Nesterov,
     * its norm clip, and the value clip of the sampling settings (sandwich: 1.0 unless set).
     */
    static SampledWeights sampledWeights(SearchConfig c) {
        return new SampledWeights(c.momentum(), c.weightDecay(), c.nesterov(), c.gradClip(), c.sampling().gradClipValue(),
                c.sampling().noDecayNormOrBias());
    }

    /** Whether a method name implies a random-feature supernet ({@code rf-darts}, {@code rf-pcdarts}). */
    public static boolean impliesRandomFeatures(String name) {
        return name.startsWith("rf-");
    }

    /** Checks a method name; an unknown one is a user error listing the valid ones. */
    public static String check(String name) {
        if (!METHODS.containsKey(name) && !SAMPLED.containsKey(name)) {
            throw new BadInputException("unknown method '" + name + "': expected one of " + String.join(", ", names()));
        }
        return name;
    }

    /** The settings a method fills in when the user leaves them open. */
    public static MethodDefaults defaults(String name) {
        return DEFAULTS.getOrDefault(check(name), MethodDefaults.DARTS);
    }

    public static SearchStrategy create(String name, Supernet supernet, SearchConfig config) {
        Factory f = METHODS.get(check(name));
        if (f == null) {
            throw new BadInputException("--method " + name + " trains a sampling supernet: expected a sampling space ("
                    + String.join(", ", org.distillnas.space.SampledSpaces.names()) + ", or a space file), not a cell space");
        }
        return f.create(supernet, config);
    }

    /**
     * The strategy of a search run: the method's strategy, with self-distillation when the
     * configuration asks for it (what {@code search} runs and what the benchmarks time).
     */
    public static SearchStrategy forRun(Supernet supernet, SearchConfig config, int trainSamples, int valSamples) {
        return withSelfDistillation(create(config.method(), supernet, config), config, trainSamples, valSamples);
    }

    /**
     * Gives a strategy its self-distillation when the configuration asks for it ({@code sd-darts}, or
     * {@code --self-distill} with any DARTS-family method); returns the strategy.
     *
     * @param trainSamples samples of the split the weight steps train on
     * @param valSamples samples of the split the architecture steps train on
     * @throws BadInputException when distillation is asked of a method that is not DARTS-based
     */
    public static SearchStrategy withSelfDistillation(SearchStrategy strategy, SearchConfig config, int trainSamples,
            int valSamples) {
        SelfDistillConfig sd = config.selfDistill();
        if (!sd.enabled() && !config.method().equals(SD_DARTS)) {
            return strategy;
        }
        if (!(strategy instanceof DartsStrategy darts)) {
            throw new BadInputException("--self-distill with --method " + config.method()
                    + ": expected a DARTS-family method (darts, darts-2nd, sd-darts)");
        }
        darts.distillWith(SelfDistillation.of(sd, config.kdLoss(), strategy.supernet(), trainSamples, valSamples));
        return strategy;
    }

    static DartsOptions dartsOptions(SearchConfig c, boolean secondOrder) {
        return new DartsOptions(secondOrder, c.momentum(), c.weightDecay(), c.nesterov(), c.gradClip(), 0.5, 0.999,
                c.archWeightDecay(), c.archStartEpoch());
    }
}
