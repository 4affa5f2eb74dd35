package org.distillnas.space;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.distillnas.space.genotype.Subnet;
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
        // a slimmable network: mbv3-small's largest subnet, one width multiplier per network
        BUILT_IN.put("mbv3-slim", "spaces/mbv3-slim.yaml");
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
        Path file = path(nameOrFile);
        if (file != null && Files.isRegularFile(file)) {
            return new MbSpace(SpaceFile.read(file));
        }
        throw new BadInputException("unknown sampling space '" + nameOrFile + "': expected one of "
                + String.join(", ", BUILT_IN.keySet()) + ", or a space file (.json, .yaml)");
    }

    /**
     * How a run records the sampling space of {@code subnet}, so that it can rebuild the network:
     * {@code spaceOption} when it names a sampling space (see {@link #reference(String)}), else the
     * space the subnet names. Cell space names (nb201, darts...) are ignored, as they are for every
     * genotype that names its own space.
     */
    public static String reference(Subnet subnet, String spaceOption) {
        return spaceOption == null || Spaces.names().contains(spaceOption) ? subnet.space() : reference(spaceOption);
    }

    /**
     * A sampling space as a run records it: a built-in name as it is, a space file as its absolute
     * path (the run may be resumed, or a table's workers started, from another folder).
     */
    public static String reference(String nameOrFile) {
        Path file = path(nameOrFile);
        if (BUILT_IN.containsKey(nameOrFile) || file == null || !Files.isRegularFile(file)) {
            return nameOrFile; // an unknown name is reported by byName
        }
        return file.toAbsolutePath().normalize().toString();
    }

    /** {@code text} as a path, or null where it cannot be one (a space name read from damaged text may hold a NUL). */
    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /**
     * The space of {@code subnet} (see {@link #reference}), after checking that the subnet is one of
     * its subnets.
     *
     * @throws BadInputException naming the unknown space or the subnet's first field it does not allow
     */
    public static SampledSpace of(Subnet subnet, String spaceOption) {
        SampledSpace space = byName(reference(subnet, spaceOption));
        space.validate(subnet);
        return space;
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
