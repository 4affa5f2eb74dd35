package org.distillnas.space;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.distillnas.space.mbv3.MbSpace;
import org.distillnas.space.mbv3.SpaceFile;
import org.distillnas.util.BadInputException;

/**
 * The sampling spaces by name: the built-in space files (listed here, kept as YAML resources under
 * {@code spaces/}), or a user's own space file given by its path.
 */
public final class SampledSpaces {
    /** Built-in spaces and the resources that declare them. */
    private static final Map<String, String> BUILT_IN = new LinkedHashMap<>();

    static {
        // 28x28x1 and 32x32x3 images; trains in minutes on 2 cores
        BUILT_IN.put("mbv3-small", "spaces/mbv3-small.yaml");
        // AlphaNet's (AttentiveNAS's) space at the paper's sizes
        BUILT_IN.put("attentive-nas", "spaces/attentive-nas.yaml");
        // Cream of the Crop's space at the paper's sizes
        BUILT_IN.put("cream-mbv3", "spaces/cream-mbv3.yaml");
    }

    private SampledSpaces() {}

    public static Set<String> names() {
        return BUILT_IN.keySet();
    }

    /** Whether {@code nameOrFile} names a sampling space: a built-in one, or an existing file. */
    public static boolean isSampled(String nameOrFile) {
        return BUILT_IN.containsKey(nameOrFile) || Files.isRegularFile(Path.of(nameOrFile));
    }

    /** A built-in space by name, or the space file at that path (.json, .yaml, .yml). */
    public static SampledSpace byName(String nameOrFile) {
        String resource = BUILT_IN.get(nameOrFile);
        if (resource != null) {
            return new MbSpace(SpaceFile.parse(read(resource), resource, true));
        }
        Path file = Path.of(nameOrFile);
        if (Files.isRegularFile(file)) {
            return new MbSpace(SpaceFile.read(file));
        }
        throw new BadInputException("unknown sampling space '" + nameOrFile + "': expected one of "
                + String.join(", ", BUILT_IN.keySet()) + ", or a space file (.json, .yaml)");
    }

    private static String read(String resource) {
        try (InputStream in = SampledSpaces.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in space file " + resource + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in space " + resource, e);
        }
    }
}
