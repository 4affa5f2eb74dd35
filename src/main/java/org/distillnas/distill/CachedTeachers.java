package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.step.StepContext;
import org.distillnas.util.BadInputException;

/**
 * Teachers that cost no forward pass: the student's own logits for each sample from the K epochs
 * before the current one, stored per sample (keyed by the sample's index in its data split, which
 * every {@link Batch} of a {@code BatchStream} carries). Teacher k of a sample is its logits as of
 * the end of the k-th most recent completed epoch.
 *
 * <p>During epoch e the logits of each trained-on batch are written into the slot of epoch e; the
 * slot starts as a copy of the slot of the epoch before, so a sample the epoch did not visit
 * (the dropped last partial batch) keeps its latest earlier output. When the first step of epoch
 * e + 1 arrives the slot joins the ring of teachers, whose oldest slot leaves when there are more
 * than K. Epoch 0 has no teacher. A sample gets teachers only where every slot in the ring has an
 * output for it (all but at most batch - 1 samples once the oldest slot's epoch had them);
 * others are left out of the distillation term.
 *
 * <p>The outputs were computed under that epoch's augmentation of the image and with the weights
 * of the step that trained on it, so an "epoch teacher" is a blend of the supernets of that epoch;
 * that is the price of skipping the forward pass.
 *
 * <p><b>Cost.</b> Memory on the Java heap: {@code (K + 1) x N x C x 4} bytes of logits plus
 * {@code (K + 1) x N} bytes of flags (N samples of the split, C classes): e.g. K = 3, N = 30000,
 * C = 10: 4.8 MB; checkpoints grow by the same. A slot must fit a Java array (N x C < 2^31). Time
 * per step: copying B x C logits to the host and K x B x C back (B = batch size), and a copy of a
 * slot once per epoch; no forward pass.
 */
public final class CachedTeachers implements TeacherSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int capacity;
    private final int samples;
    private final NDManager manager;
    private int classes = -1;
    private final Deque<Slot> ring = new ArrayDeque<>();
    private Slot writing;
    private NDManager exported;

    /** The logits of every sample as of the end of an epoch, and which samples have one. */
    private static final class Slot {
        int epoch;
        boolean written;
        final float[] logits;
        final boolean[] seen;

        Slot(int epoch, float[] logits, boolean[] seen) {
            this.epoch = epoch;
            this.logits = logits;
            this.seen = seen;
        }
    }

    /**
     * @param teachers K >= 1 cached epochs
     * @param samples N, the size of the split whose batches this cache sees
     * @param manager long-lived manager for the arrays a checkpoint is written from
     */
    public CachedTeachers(int teachers, int samples, NDManager manager) {
        if (teachers < 1) {
            throw new BadInputException("--sd-teachers " + teachers + ": expected at least 1");
        }
        this.capacity = teachers;
        this.samples = samples;
        this.manager = manager;
    }

    /** The epochs whose outputs are the current teachers, oldest first. */
    public List<Integer> epochs() {
        return ring.stream().map(s -> s.epoch).toList();
    }

    @Override
    public TeacherLogits logits(Batch batch, NDArray x, StepContext ctx, NDManager m) {
        advance(ctx.epoch());
        if (ring.isEmpty()) {
            return null;
        }
        int[] idx = indices(batch);
        int[] rows = new int[idx.length];
        int r = 0;
        for (int i = 0; i < idx.length; i++) {
            final int sample = idx[i];
            if (ring.stream().allMatch(s -> s.seen[sample])) {
                rows[r++] = i;
            }
        }
        if (r == 0) {
            return null;
        }
        rows = Arrays.copyOf(rows, r);
        float[] out = new float[ring.size() * r * classes];
        int k = 0;
        for (Slot s : ring) {
            for (int j = 0; j < r; j++) {
                System.arraycopy(s.logits, idx[rows[j]] * classes, out, (k * r + j) * classes, classes);
            }
            k++;
        }
        NDArray logits = m.create(out, new Shape(ring.size(), r, classes));
        return new TeacherLogits(logits, r == idx.length ? null : rows);
    }

    @Override
    public void record(Batch batch, NDArray studentLogits, StepContext ctx) {
        advance(ctx.epoch());
        int[] idx = indices(batch);
        int c = Math.toIntExact(studentLogits.getShape().get(1));
        if (writing == null) {
            if ((long) samples * c > Integer.MAX_VALUE - 8) {
                throw new BadInputException("--sd-source cache: " + samples + " samples x " + c
                        + " classes do not fit one cache slot (at most 2^31 values); use --sd-source snapshot");
            }
            classes = c;
            writing = new Slot(ctx.epoch(), new float[samples * c], new boolean[samples]);
        } else if (c != classes) {
            throw new IllegalStateException("logits of " + c + " classes recorded into a cache of " + classes);
        }
        float[] values;
        try (NDArray f = studentLogits.toType(DataType.FLOAT32, true)) {
            values = f.toFloatArray();
        }
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(values, i * classes, writing.logits, idx[i] * classes, classes);
            writing.seen[idx[i]] = true;
        }
        writing.written = true;
    }

    /** Completes the slot being written when a later epoch begins. */
    private void advance(int epoch) {
        if (writing == null || epoch <= writing.epoch) {
            return;
        }
        if (!writing.written) {
            writing.epoch = epoch; // nothing recorded in that epoch: carry the slot on
            return;
        }
        Slot done = writing;
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(done);
        writing = new Slot(epoch, done.logits.clone(), done.seen.clone());
    }

    private int[] indices(Batch batch) {
        int[] idx = batch.indices();
        if (idx == null) {
            throw new IllegalStateException("cached teachers need batches that carry their sample indices");
        }
        for (int i : idx) {
            if (i < 0 || i >= samples) {
                throw new IllegalStateException("sample index " + i + " outside a cache of " + samples + " samples");
            }
        }
        return idx;
    }

    @Override
    public Map<String, NDArray> stateArrays() {
        if (exported != null) {
            exported.close(); // the previous checkpoint's copies
        }
        exported = manager.newSubManager();
        Map<String, NDArray> out = new LinkedHashMap<>();
        int i = 0;
        for (Slot s : ring) {
            export(out, "cache.slot." + i++, s);
        }
        if (writing != null) {
            export(out, "cache.writing", writing);
        }
        return out;
    }

    private void export(Map<String, NDArray> out, String prefix, Slot s) {
        out.put(prefix + ".logits", exported.create(s.logits, new Shape(samples, classes)));
        byte[] seen = new byte[samples];
        for (int i = 0; i < samples; i++) {
            seen[i] = (byte) (s.seen[i] ? 1 : 0);
        }
        out.put(prefix + ".seen", exported.create(seen, new Shape(samples)));
    }

    @Override
    public JsonNode stateJson() {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode epochs = node.putArray("epochs");
        ring.forEach(s -> epochs.add(s.epoch));
        node.put("classes", classes);
        if (writing != null) {
            node.put("writing_epoch", writing.epoch);
            node.put("writing_written", writing.written);
        }
        return node;
    }

    @Override
    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        ring.clear();
        writing = null;
        classes = json.path("classes").asInt(-1);
        List<Integer> epochs = new ArrayList<>();
        json.path("epochs").forEach(n -> epochs.add(n.asInt()));
        for (int i = 0; i < epochs.size(); i++) {
            ring.addLast(restore(arrays, "cache.slot." + i, epochs.get(i)));
        }
        if (json.has("writing_epoch")) {
            writing = restore(arrays, "cache.writing", json.get("writing_epoch").asInt());
            writing.written = json.path("writing_written").asBoolean();
        }
    }

    private Slot restore(Map<String, NDArray> arrays, String prefix, int epoch) {
        NDArray logits = arrays.get(prefix + ".logits");
        NDArray seen = arrays.get(prefix + ".seen");
        if (logits == null || seen == null || !logits.getShape().equals(new Shape(samples, classes))) {
            throw new BadInputException("checkpoint's cached teacher outputs '" + prefix + "' do not match " + samples
                    + " samples x " + classes + " classes");
        }
        byte[] flags = seen.toByteArray();
        boolean[] s = new boolean[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = flags[i] != 0;
        }
        return new Slot(epoch, logits.toFloatArray(), s);
    }
}
