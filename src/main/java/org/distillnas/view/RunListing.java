package org.distillnas.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The runs below a folder of runs, found afresh on every call so that a run started after the
 * dashboard shows up at the next poll.
 *
 * <p>A run is a folder up to {@value #MAX_DEPTH} levels below the root that holds both a
 * {@code config.json} and a {@code metrics.jsonl} (searches, and the model folders of
 * {@code distillnas train}, often nested in a search's folder). Checkpoint folders and hidden
 * folders are not entered; links are followed only where they stay inside the root, and each real
 * folder is visited once (under its own name rather than a link's), so a link cycle ends. A run's id is its path below the root with
 * {@code /} separators.
 */
public final class RunListing {
    /** How deep below the root runs are looked for (runs/experiment/variant/seed/model). */
    public static final int MAX_DEPTH = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunsRoot root;
    private final Duration staleAfter;
    private final Clock clock;

    public RunListing(Path root, Duration staleAfter, Clock clock) {
        this.root = new RunsRoot(root);
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    public RunsRoot root() {
        return root;
    }

    /** The time states are judged at: now, by the listing's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** How long a run may stay quiet before it counts as stale. */
    public Duration staleAfter() {
        return staleAfter;
    }

    /** Every run's entry ({@link RunEntry}), sorted by id. */
    public ArrayNode entries() {
        ArrayNode runs = JSON.createArrayNode();
        for (String id : ids()) {
            Optional<Path> dir = find(List.of(id.split("/")));
            dir.ifPresent(d -> runs.add(RunEntry.of(id, d, now(), staleAfter)));
        }
        return runs;
    }

    /** The ids of the runs below the root, sorted. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        root.real().ifPresent(base -> walk(base, "", 0, new HashSet<>(Set.of(base)), ids));
        ids.sort(null);
        return ids;
    }

    /**
     * The run folder that an id's segments name, when it is a run that {@link #ids} would list:
     * within the depth, not in a checkpoint or hidden folder, inside the root.
     */
    public Optional<Path> find(List<String> segments) {
        if (segments.isEmpty() || segments.size() > MAX_DEPTH || segments.stream().anyMatch(s -> !enterable(s))) {
            return Optional.empty();
        }
        return root.resolve(segments).filter(RunListing::isRun);
    }

    private void walk(Path dir, String id, int depth, Set<Path> visited, List<String> ids) {
        if (depth > 0 && isRun(dir)) {
            ids.add(id);
        }
        if (depth == MAX_DEPTH) {
            return;
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(children::add);
        } catch (IOException | RuntimeException e) {
            return; // removed or unreadable while listed: nothing below it to show
        }
        // real folders before links to them, so that a run is listed under its own name, not an alias
        children.sort(Comparator.comparing((Path p) -> Files.isSymbolicLink(p)).thenComparing(Path::getFileName));
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (!enterable(name) || !Files.isDirectory(child)) {
                continue;
            }
            Optional<Path> real = root.inside(child);
            if (real.isPresent() && visited.add(real.get())) {
                walk(child, id.isEmpty() ? name : id + "/" + name, depth + 1, visited, ids);
            }
        }
    }

    private static boolean enterable(String name) {
        return !name.equals("checkpoints") && !name.startsWith(".");
    }

    static boolean isRun(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("config.json"))
                && Files.isRegularFile(dir.resolve("metrics.jsonl"));
    }
}
