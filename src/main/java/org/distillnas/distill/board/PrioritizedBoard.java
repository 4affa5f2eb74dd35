package org.distillnas.distill.board;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;

/**
 * Cream's prioritized path board (Peng et al. 2020, Sec. 3.1): the K best paths seen so far, best
 * first. From the warm-up epoch on, a sampled path enters
 * <ul>
 *   <li>while the board holds fewer than K paths, or</li>
 *   <li>when its score beats the worst entry's by more than the margin, or</li>
 *   <li>when its score beats the worst entry's and it costs fewer multiply-adds;</li>
 * </ul>
 * then the worst entry leaves if the board holds K + 1. Entries are ordered by score, then by
 * fewer multiply-adds, then by age (older first); the worst is the last.
 *
 * <p>Two choices of ours, both documented in docs/RESULTS.md: a path already on the board does not
 * enter a second time (the reference code can hold one path twice, which shrinks the set of
 * teachers), and equal scores favour the cheaper path (the reference sorts tuples in reverse, which
 * puts the costlier one first).
 *
 * <p>The board owns copies of its entries' arrays in a manager of its own; an entry that leaves is
 * freed at once, so the board's memory is at most K entries whatever the run's length.
 */
public final class PrioritizedBoard implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<BoardEntry> ORDER = Comparator.comparingDouble(BoardEntry::score).reversed()
            .thenComparingLong(BoardEntry::macs).thenComparingLong(BoardEntry::step);

    private final int capacity;
    private final double margin;
    private final int warmupEpochs;
    private final NDManager manager;
    private final List<BoardEntry> entries = new ArrayList<>();

    /**
     * @param capacity K, the number of paths kept (Cream: 10)
     * @param margin score points by which a path must beat the worst entry to enter without being
     *     cheaper (Cream: 5)
     * @param warmupEpochs epochs before the board accepts paths (Cream: 20 of 120)
     * @param parent manager under which the stored arrays live
     */
    public PrioritizedBoard(int capacity, double margin, int warmupEpochs, NDManager parent) {
        if (capacity < 1) {
            throw new BadInputException("--board-size " + capacity + ": expected 1 or more");
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new BadInputException("--board-margin " + margin + ": expected a number of points >= 0");
        }
        this.capacity = capacity;
        this.margin = margin;
        this.warmupEpochs = warmupEpochs;
        this.manager = parent.newSubManager();
    }

    /** Whether a path of this score and cost would enter in {@code epoch} (0-based). */
    public boolean admits(Subnet path, double score, long macs, int epoch) {
        if (epoch < warmupEpochs || contains(path)) {
            return false;
        }
        if (entries.size() < capacity) {
            return true;
        }
        BoardEntry worst = entries.get(entries.size() - 1);
        return score > worst.score() + margin || score > worst.score() && macs < worst.macs();
    }

    /**
     * Offers a sampled path; when it enters, copies of {@code images} and {@code probs} are stored.
     *
     * @param stored the stored images and softmax (S, ...) of the path, asked for only when it enters
     * @return whether it entered
     */
    public boolean offer(Subnet path, double score, long macs, int epoch, long step,
            Function<NDManager, NDArray[]> stored) {
        if (!admits(path, score, macs, epoch)) {
            return false;
        }
        NDArray[] arrays = stored.apply(manager);
        insert(new BoardEntry(path, score, macs, keep(arrays[0]), keep(arrays[1]), step));
        return true;
    }

    private NDArray keep(NDArray a) {
        NDArray copy = a.duplicate();
        // a copy made inside a step's NDScope would be freed with it: the board owns it from here
        NDScope.unregister(copy);
        copy.attach(manager);
        return copy;
    }

    private void insert(BoardEntry e) {
        entries.add(e);
        entries.sort(ORDER);
        while (entries.size() > capacity) {
            BoardEntry out = entries.remove(entries.size() - 1);
            out.images().close();
            out.probs().close();
        }
    }

    public boolean contains(Subnet path) {
        return entries.stream().anyMatch(e -> e.path().equals(path));
    }

    /** The entries, best first (read-only view). */
    public List<BoardEntry> entries() {
        return java.util.Collections.unmodifiableList(entries);
    }

    public BoardEntry get(int index) {
        return entries.get(index);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int capacity() {
        return capacity;
    }

    public int warmupEpochs() {
        return warmupEpochs;
    }

    /** The best entry that costs at most {@code maxMacs} multiply-adds (all when {@code maxMacs <= 0}). */
    public Optional<BoardEntry> bestWithin(long maxMacs) {
        return entries.stream().filter(e -> maxMacs <= 0 || e.macs() <= maxMacs).findFirst();
    }

    /** The stored arrays, for a checkpoint: {@code board.<i>.images} and {@code board.<i>.probs}. */
    public Map<String, NDArray> stateArrays() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            out.put("board." + i + ".images", entries.get(i).images());
            out.put("board." + i + ".probs", entries.get(i).probs());
        }
        return out;
    }

    /** The entries without their arrays: path, score, multiply-adds and step of entry, best first. */
    public ArrayNode stateJson() {
        ArrayNode out = JSON.createArrayNode();
        for (BoardEntry e : entries) {
            out.addObject().put("subnet", e.path().toString()).put("score", e.score()).put("macs", e.macs())
                    .put("step", e.step());
        }
        return out;
    }

    /**
     * Restores what {@link #stateArrays()} and {@link #stateJson()} saved.
     *
     * @param parse reads a subnet's one-line form (validated against the run's space)
     */
    public void loadState(Map<String, NDArray> arrays, JsonNode json, Function<String, Subnet> parse) {
        clear();
        if (json == null || json.isMissingNode() || json.isNull()) {
            return;
        }
        for (int i = 0; i < json.size(); i++) {
            JsonNode e = json.get(i);
            NDArray images = arrays.get("board." + i + ".images");
            NDArray probs = arrays.get("board." + i + ".probs");
            if (images == null || probs == null) {
                throw new BadInputException("checkpoint: board entry " + i + " has no stored images or predictions: "
                        + "expected board." + i + ".images and board." + i + ".probs");
            }
            entries.add(new BoardEntry(parse.apply(e.path("subnet").asText()), e.path("score").asDouble(),
                    e.path("macs").asLong(), keep(images), keep(probs), e.path("step").asLong()));
        }
        entries.sort(ORDER);
    }

    private void clear() {
        for (BoardEntry e : entries) {
            e.images().close();
            e.probs().close();
        }
        entries.clear();
    }

    @Override
    public void close() {
        clear();
        manager.close();
    }
}
