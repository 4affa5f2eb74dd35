package org.distillnas.strategy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.distill.SelfDistillConfig;
import org.distillnas.distill.SelfDistillation;
import org.distillnas.strategy.darts.DartsOptions;
import org.distillnas.strategy.darts.DartsStrategy;
import org.distillnas.supernet.Supernet;
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

    private Methods() {}

    public static java.util.Set<String> names() {
        return METHODS.keySet();
    }

    /** Whether a method name implies a random-feature supernet ({@code rf-darts}, {@code rf-pcdarts}). */
    public static boolean impliesRandomFeatures(String name) {
        return name.startsWith("rf-");
    }

    /** Checks a method name; an unknown one is a user error listing the valid ones. */
    public static String check(String name) {
        if (!METHODS.containsKey(name)) {
            throw new BadInputException("unknown method '" + name + "': expected one of " + String.join(", ", METHODS.keySet()));
        }
        return name;
    }

    /** The settings a method fills in when the user leaves them open. */
    public static MethodDefaults defaults(String name) {
        return DEFAULTS.getOrDefault(check(name), MethodDefaults.DARTS);
    }

    public static SearchStrategy create(String name, Supernet supernet, SearchConfig config) {
        return METHODS.get(check(name)).create(supernet, config);
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
        darts.distillWith(SelfDistillation.of(sd, strategy.supernet(), trainSamples, valSamples));
        return strategy;
    }

    static DartsOptions dartsOptions(SearchConfig c, boolean secondOrder) {
        return new DartsOptions(secondOrder, c.momentum(), c.weightDecay(), c.nesterov(), c.gradClip(), 0.5, 0.999,
                c.archWeightDecay(), c.archStartEpoch());
    }
}
