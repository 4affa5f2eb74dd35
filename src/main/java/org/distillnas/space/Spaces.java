package org.distillnas.space;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.distillnas.space.darts.DartsSpace;
import org.distillnas.space.darts.RobustDartsSpaces;
import org.distillnas.space.nb201.Nb201Space;
import org.distillnas.util.BadInputException;

/** The search spaces by command-line name. */
public final class Spaces {
    private static final Map<String, Supplier<SearchSpace>> SPACES = new LinkedHashMap<>();

    static {
        SPACES.put(Nb201Space.NAME, Nb201Space::new);
        SPACES.put(DartsSpace.NAME, DartsSpace::new);
        for (String name : RobustDartsSpaces.NAMES) {
            SPACES.put(name, () -> RobustDartsSpaces.create(name));
        }
    }

    private Spaces() {}

    public static java.util.Set<String> names() {
        return SPACES.keySet();
    }

    /** The space called {@code name}; an unknown name is a user error listing the valid ones. */
    public static SearchSpace byName(String name) {
        Supplier<SearchSpace> s = SPACES.get(name);
        if (s == null) {
            throw new BadInputException("unknown space '" + name + "': expected one of " + String.join(", ", SPACES.keySet()));
        }
        return s.get();
    }
}
