package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.nn.Param;
import org.distillnas.step.StepContext;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.BadInputException;
import org.distillnas.util.NoGrad;

/**
 * Teachers that are earlier states of the supernet itself: a ring of the K latest weight snapshots,
 * one taken every m steps (SD-DARTS's "supernets of previous steps").
 *
 * <p><b>When.</b> After the weight update of 0-based global step g, a snapshot is taken if
 * {@code (g + 1) % m == 0}; it holds the state after {@code g + 1} steps and is labelled so. After n
 * steps the ring therefore holds the states after steps {@code m*j <= n}, the K latest of them,
 * oldest first: with m = 2, K = 3 and n = 7 those after steps 2, 4 and 6. The newest teacher is
 * 0 to m - 1 steps old; the oldest about K*m.
 *
 * <p><b>What.</b> A snapshot is a deep copy (a new native tensor) of every parameter that can
 * change: weights, BatchNorm affine parameters, architecture weights and BatchNorm running
 * statistics. Frozen tensors (random-feature convolutions) never change, so they are shared, not
 * copied. Later training steps update the supernet's tensors in place and leave the copies alone.
 *
 * <p><b>How a teacher predicts: swapped into the student.</b> There is no second network: for each
 * snapshot, its tensors are copied into the student's, the student runs forward without gradient,
 * and the student's own tensors are restored from a backup taken first (bit-exact, in a
 * {@code finally}). Chosen over one network instance per snapshot because the strategy then needs
 * nothing but its supernet (no way to build a twin of every space, and a twin per snapshot would
 * also duplicate frozen tensors and module overhead), snapshots are plain named arrays that a
 * checkpoint saves directly, and the price, K + 2 copies of the supernet's state per distilled batch
 * (backup, K snapshots in, restore), is small next to the K forward passes. Teachers run in training mode (BatchNorm with batch statistics,
 * as the searched supernet itself runs; the running statistics they disturb are restored with the
 * rest).
 *
 * <p><b>Cost.</b> Memory: {@code K x S} for the snapshots plus {@code S} for the per-step backup,
 * where S is the bytes of the supernet's non-frozen tensors (4 bytes per float32 scalar; e.g. 3
 * teachers of a 1.1 M-scalar supernet: 4 x 4.4 MB). Checkpoints grow by {@code K x S}. Time per step:
 * K forward passes without backward per distilled batch (each roughly a third of a training pass;
 * two batches per step with {@code --sd-arch}), K + 2 state copies per distilled batch, and one state
 * copy every m steps.
 */
public final class SnapshotTeachers implements TeacherSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supernet student;
    private final int capacity;
    private final int every;
    private final Map<String, Param> state;
    private final Deque<Snapshot> ring = new ArrayDeque<>();

    /** The state after {@code step} training steps. */
    private record Snapshot(long step, Map<String, NDArray> arrays) {
        void close() {
            arrays.values().forEach(NDArray::close);
        }
    }

    /**
     * @param teachers K >= 1, the ring's capacity
     * @param every m >= 1, steps between snapshots
     */
    public SnapshotTeachers(Supernet student, int teachers, int every) {
        if (teachers < 1) {
            throw new BadInputException("--sd-teachers " + teachers + ": expected at least 1");
        }
        if (every < 1) {
            throw new BadInputException("--sd-every " + every + ": expected at least 1 step");
        }
        this.student = student;
        this.capacity = teachers;
        this.every = every;
        this.state = student.namedParams(p -> !p.frozen());
    }

    /** The labels (steps done) of the snapshots in the ring, oldest first. */
    public List<Long> steps() {
        return ring.stream().map(Snapshot::step).toList();
    }

    /** The tensors of the snapshot taken after {@code step} steps, by parameter name (shared, do not modify). */
    public Map<String, NDArray> snapshot(long step) {
        for (Snapshot s : ring) {
            if (s.step() == step) {
                return java.util.Collections.unmodifiableMap(s.arrays());
            }
        }
        throw new IllegalArgumentException("no snapshot of step " + step + " in the ring " + steps());
    }

    @Override
    public void stepDone(StepContext ctx) {
        long done = ctx.globalStep() + 1;
        if (done % every == 0) {
            take(done);
        }
    }

    /** Copies the student's current state into the ring as the state after {@code step} steps. */
    void take(long step) {
        Map<String, NDArray> copy = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.open()) {
            state.forEach((name, p) -> copy.put(name, keep(p.value().duplicate())));
        }
        push(new Snapshot(step, copy));
    }

    private void push(Snapshot s) {
        if (ring.size() == capacity) {
            ring.removeFirst().close();
        }
        ring.addLast(s);
    }

    @Override
    public TeacherLogits logits(Batch batch, NDArray x, StepContext ctx, NDManager m) {
        if (ring.isEmpty()) {
            return null;
        }
        NDList outputs = new NDList();
        Map<String, NDArray> backup = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.open()) {
            state.forEach((name, p) -> backup.put(name, p.value().duplicate()));
            for (Snapshot s : ring) {
                load(s.arrays());
                try (NDScope scope = new NDScope()) {
                    NDArray out = student.forward(x, true);
                    NDScope.unregister(out);
                    out.attach(m);
                    outputs.add(out);
                }
            }
        } finally {
            try (NoGrad ignored = NoGrad.open()) {
                load(backup);
            }
            backup.values().forEach(NDArray::close);
        }
        NDArray stacked = NDArrays.stack(outputs);
        outputs.close();
        return new TeacherLogits(stacked, null);
    }

    /** Copies {@code arrays} into the student's tensors, in place. */
    private void load(Map<String, NDArray> arrays) {
        state.forEach((name, p) -> p.value().subi(p.value()).addi(arrays.get(name)));
    }

    @Override
    public Map<String, NDArray> stateArrays() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        int i = 0;
        for (Snapshot s : ring) {
            int slot = i++;
            s.arrays().forEach((name, a) -> out.put("snapshot." + slot + "." + name, a));
        }
        return out;
    }

    @Override
    public JsonNode stateJson() {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode steps = node.putArray("steps");
        ring.forEach(s -> steps.add(s.step()));
        node.put("every", every);
        return node;
    }

    @Override
    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        ring.forEach(Snapshot::close);
        ring.clear();
        List<Long> steps = new ArrayList<>();
        json.path("steps").forEach(n -> steps.add(n.asLong()));
        for (int slot = 0; slot < steps.size(); slot++) {
            Map<String, NDArray> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Param> e : state.entrySet()) {
                NDArray a = arrays.get("snapshot." + slot + "." + e.getKey());
                if (a == null || !a.getShape().equals(e.getValue().value().getShape())) {
                    copy.values().forEach(NDArray::close);
                    throw new BadInputException("checkpoint's teacher snapshot " + slot + " does not match the supernet: tensor '"
                            + e.getKey() + "' is " + (a == null ? "missing" : "of shape " + a.getShape()));
                }
                NDArray c = keep(a.duplicate());
                c.attach(e.getValue().value().getManager());
                copy.put(e.getKey(), c);
            }
            push(new Snapshot(steps.get(slot), copy));
        }
    }

    /** Keeps an array past the step's scope: it lives as long as the ring holds it. */
    private static NDArray keep(NDArray a) {
        NDScope.unregister(a);
        return a;
    }
}
