package org.distillnas.strategy;

import java.util.LinkedHashMap;
import java.util.Map;
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

    private static final Map<String, Factory> METHODS = new LinkedHashMap<>();
    /** Methods whose defaults differ from DARTS's. */
    private static final Map<String, MethodDefaults> DEFAULTS = new LinkedHashMap<>();

    static {
        METHODS.put("darts", (net, c) -> new DartsStrategy("darts", net, dartsOptions(c, false)));
        METHODS.put("darts-2nd", (net, c) -> new DartsStrategy("darts-2nd", net, dartsOptions(c, true)));
        // PC-DARTS: first-order DARTS on a supernet with partial channels and edge normalisation
        // (the supernet is built from the run's configuration, which these defaults fill in)
        METHODS.put("pc-darts", (net, c) -> new DartsStrategy("pc-darts", net, dartsOptions(c, false)));
        DEFAULTS.put("pc-darts", MethodDefaults.PC_DARTS);
    }

    private Methods() {}

    public static java.util.Set<String> names() {
        return METHODS.keySet();
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

    static DartsOptions dartsOptions(SearchConfig c, boolean secondOrder) {
        return new DartsOptions(secondOrder, c.momentum(), c.weightDecay(), c.nesterov(), c.gradClip(), 0.5, 0.999,
                c.archWeightDecay(), c.archStartEpoch());
    }
}
