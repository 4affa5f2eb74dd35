package org.distillnas.trial;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;

/**
 * A trial: an id and the steps that produce its folder, e.g. a search and the retraining of its
 * genotype. It is written as {@code ROOT/trials/ID.json} beside its folder {@code ROOT/trials/ID/}
 * and its log {@code ROOT/trials/ID.log}; the spec is all a worker, local or remote, needs to run it.
 * A trial is finished when every step's {@code done} file exists (optional steps and steps that do
 * not apply aside), and is then never run again.
 *
 * @param id folder-safe name, unique in its experiment ({@code darts-seed0}, {@code 0007})
 * @param steps run in order; a finished step is skipped, an interrupted one resumed
 * @param jvmOptions options of each step's JVM (e.g. {@code -Xmx2g})
 */
public record TrialSpec(@JsonProperty("id") String id, @JsonProperty("steps") List<TrialStep> steps,
        @JsonProperty("jvm_options") List<String> jvmOptions) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,62}");

    public TrialSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadInputException("trial id '" + id + "': expected 1-63 letters, digits, '.', '_', '+' or '-'");
        }
        if (steps == null || steps.isEmpty()) {
            throw new BadInputException("trial " + id + ": expected at least one step");
        }
        steps = List.copyOf(steps);
        jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
    }

    /** The trial's folder under an experiment root. */
    public static Path dir(Path root, String id) {
        return root.resolve("trials").resolve(id);
    }

    /** The trial's spec file under an experiment root. */
    public static Path file(Path root, String id) {
        return root.resolve("trials").resolve(id + ".json");
    }

    /** The trial's log (every attempt's output, appended) under an experiment root. */
    public static Path log(Path root, String id) {
        return root.resolve("trials").resolve(id + ".log");
    }

    /** The trial's folder beside its spec file. */
    public static Path dirOfSpec(Path specFile) {
        String name = specFile.getFileName().toString();
        return specFile.resolveSibling(name.substring(0, name.length() - ".json".length()));
    }

    /** The trial's log beside its spec file. */
    public static Path logOfSpec(Path specFile) {
        return dirOfSpec(specFile).resolveSibling(dirOfSpec(specFile).getFileName() + ".log");
    }

    /** True when every step finished in {@code dir}, or is optional, or does not apply. */
    public boolean isFinished(Path dir) {
        return steps.stream().allMatch(s -> s.isSettled(dir));
    }

    /** Writes the spec atomically. */
    public void write(Path file) {
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new BadInputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a spec file, or fails with one line naming it. */
    public static TrialSpec read(Path file) {
        if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".json")) {
            throw new BadInputException("trial spec " + file + " does not exist: expected ROOT/trials/ID.json");
        }
        try {
            return JSON.readValue(file.toFile(), TrialSpec.class);
        } catch (IOException e) {
            Throwable c = e.getCause() instanceof BadInputException b ? b : e;
            throw new BadInputException("trial spec " + file + " is not readable: " + c.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
