package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.distillnas.mutation.JsonMutations;
import org.distillnas.mutation.MemoryTempDir;
import org.distillnas.mutation.MutationRun;
import org.distillnas.mutation.Mutations;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints whose {@code tensors.ndlist} or {@code state.json} was cut short, had bytes flipped,
 * declares counts, shapes or lengths far beyond the file, or holds JSON of the wrong shape:
 * {@link Checkpointer#load} reads them or refuses them with one line naming the checkpoint.
 */
class CheckpointMutationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DataType[] TYPES = {
        DataType.FLOAT32, DataType.FLOAT64, DataType.INT64, DataType.INT32, DataType.INT8, DataType.UINT8,
        DataType.BOOLEAN,
    };

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    /** A saved checkpoint's two files and what its arrays are, to copy and damage. */
    private record Saved(byte[] tensors, byte[] state, List<NdListBytes.Array> arrays) {}

    /** Checkpoints saved once and damaged by every case: saving syncs to disk, too slow to repeat. */
    private final List<Saved> saved = new ArrayList<>();

    @Test
    void damagedCheckpointsAreLoadedOrRefusedByName() throws Exception {
        Random r = new Random(9_001);
        for (int i = 0; i < 40; i++) {
            Path root = dir.resolve("saved" + i);
            List<NdListBytes.Array> arrays = save(root, r);
            saved.add(new Saved(Files.readAllBytes(root.resolve("c/tensors.ndlist")),
                    Files.readAllBytes(root.resolve("c/state.json")), arrays));
        }
        MutationRun.Tally t = MutationRun.of("checkpoint", 9_001L, 3_000).run(this::damagedCheckpoint, in -> {
            Path ckpt = in.file().getParent();
            try (NDManager m = NDManager.newBaseManager()) {
                Checkpointer.Loaded loaded = new Checkpointer(ckpt.getParent(), 3).load(ckpt.getFileName().toString(), m);
                assertThat(loaded.state().isObject()).isTrue();
                loaded.arrays().forEach((name, a) -> assertThat(name).isEqualTo(a.getName()));
            }
        });
        assertThat(t.rejected()).isGreaterThan(t.cases() / 2);
        assertThat(t.accepted()).isPositive();
    }

    /** The test's own encoder must agree with DJL's, or the damage it aims would miss its fields. */
    @Test
    void handEncodingMatchesWhatCheckpointerWrites() throws Exception {
        Random r = new Random(5);
        for (int i = 0; i < 20; i++) {
            Path root = dir.resolve("agree" + i);
            List<NdListBytes.Array> arrays = save(root, r);
            assertThat(Files.readAllBytes(root.resolve("c/tensors.ndlist"))).isEqualTo(NdListBytes.of(arrays).bytes());
        }
    }

    @Test
    void anEmptyCheckpointLoads() {
        Checkpointer c = new Checkpointer(dir, 1);
        c.save("c", Map.of(), JSON.createObjectNode().put("epochs_done", 0));
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(c.load("c", m).arrays()).isEmpty();
        }
    }

    @Test
    @Timeout(5)
    void anArrayCountOfTwoToTheThirtyOneIsRefusedBeforeAllocating() {
        assertRefused(damaged(0, Integer.MAX_VALUE), "2147483647 arrays");
    }

    @Test
    @Timeout(5)
    void aRankOfTwoToTheThirtyOneIsRefusedBeforeAllocating() {
        assertRefused(damaged(field("the rank of"), Integer.MAX_VALUE), "2147483647 dimensions");
    }

    @Test
    @Timeout(5)
    void aDimensionOfTwoToTheSixtyTwoIsRefusedBeforeAllocating() {
        assertRefused(damaged(field("dimension 0 of"), 1L << 62), "4611686018427387904");
    }

    /** A shape and a data length that agree with each other, but not with the file. */
    @Test
    @Timeout(5)
    void aDataLengthOfTwoGigabytesIsRefusedBeforeAllocating() {
        NdListBytes file = NdListBytes.of(List.of(new NdListBytes.Array("x", "UINT8", new long[] {4}, new byte[4])));
        byte[] bytes = file.bytes();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.putLong(offset(file.sizeFields(), "dimension 0 of"), Integer.MAX_VALUE);
        b.putInt(offset(file.sizeFields(), "the data length of"), Integer.MAX_VALUE);
        assertRefused(bytes, "2147483647 data bytes");
    }

    @Test
    void aShapeThatDisagreesWithTheDataLengthIsRefused() {
        assertRefused(damaged(field("dimension 0 of"), 3), "needs");
    }

    @Test
    void duplicateOrMissingNamesAreRefused() {
        byte[] twice = NdListBytes.of(List.of(new NdListBytes.Array("x", "FLOAT32", new long[] {1}, new byte[4]),
                new NdListBytes.Array("x", "FLOAT32", new long[] {1}, new byte[4]))).bytes();
        assertRefused(twice, "as an earlier array is");
        byte[] unnamed = NdListBytes.of(List.of(new NdListBytes.Array("", "FLOAT32", new long[] {1}, new byte[4]))).bytes();
        unnamed[4 + 6 + 4] = 0;
        assertRefused(unnamed, "no name");
    }

    @Test
    void stateThatIsNotAJsonObjectIsRefused() throws Exception {
        for (String state : new String[] {"", "null", "[1]", "7", "{} {}", "{\"a\": 1, \"a\": 2}"}) {
            Checkpointer c = new Checkpointer(dir, 1);
            c.save("c", Map.of(), JSON.createObjectNode());
            Files.writeString(dir.resolve("c/state.json"), state);
            try (NDManager m = NDManager.newBaseManager()) {
                assertThatThrownBy(() -> c.load("c", m))
                        .as(state)
                        .isInstanceOf(BadInputException.class)
                        .hasMessageContaining(dir.resolve("c").toString());
            }
        }
    }

    /** A file of one FLOAT32 array "w" of shape (2, 3) with the given field set to {@code value}. */
    private static byte[] damaged(int fieldIndex, long value) {
        NdListBytes b = NdListBytes.of(List.of(new NdListBytes.Array("w", "FLOAT32", new long[] {2, 3}, new byte[24])));
        NdListBytes.Field f = b.sizeFields().get(fieldIndex);
        return Mutations.overwrite(b.bytes(), f.offset(), f.width(), ByteOrder.BIG_ENDIAN, value, f.what()).bytes();
    }

    /** The index of the first size field of the file {@link #damaged} writes whose description starts so. */
    private static int field(String prefix) {
        List<NdListBytes.Field> fields = NdListBytes.of(
                List.of(new NdListBytes.Array("w", "FLOAT32", new long[] {2, 3}, new byte[24]))).sizeFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).what().startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalArgumentException(prefix);
    }

    private static int offset(List<NdListBytes.Field> fields, String prefix) {
        return fields.stream().filter(f -> f.what().startsWith(prefix)).findFirst().orElseThrow().offset();
    }

    private void assertRefused(byte[] tensors, String detail) {
        try {
            Checkpointer c = new Checkpointer(dir, 1);
            c.save("c", Map.of(), JSON.createObjectNode());
            Files.write(dir.resolve("c/tensors.ndlist"), tensors);
            try (NDManager m = NDManager.newBaseManager()) {
                assertThatThrownBy(() -> c.load("c", m))
                        .isInstanceOf(BadInputException.class)
                        .hasMessageContaining(dir.resolve("c").toString())
                        .hasMessageContaining(detail);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy of a saved checkpoint as "c" under its own root, one of its two files then damaged. */
    private MutationRun.Input damagedCheckpoint(Random r, int index) throws Exception {
        Saved base = saved.get(r.nextInt(saved.size()));
        Path ckpt = Files.createDirectories(dir.resolve("case" + index).resolve("c"));
        byte[] tensors = base.tensors();
        byte[] state = base.state();
        Mutations.Mutated m;
        if (r.nextInt(3) == 0) {
            m = r.nextBoolean() ? Mutations.any(state, r) : JsonMutations.mutate(JSON.readTree(state), r);
            state = m.bytes();
        } else {
            if (r.nextInt(3) == 0) {
                List<NdListBytes.Field> fields = NdListBytes.of(base.arrays()).sizeFields();
                NdListBytes.Field f = fields.get(r.nextInt(fields.size()));
                long value = r.nextInt(4) == 0 ? r.nextInt(8) : Mutations.huge(r);
                m = Mutations.overwrite(tensors, f.offset(), f.width(), ByteOrder.BIG_ENDIAN, value, f.what());
            } else {
                m = Mutations.any(tensors, r);
            }
            tensors = m.bytes();
        }
        Files.write(ckpt.resolve("tensors.ndlist"), tensors);
        Files.write(ckpt.resolve("state.json"), state);
        Path damaged = ckpt.resolve(state == base.state() ? "tensors.ndlist" : "state.json");
        return new MutationRun.Input(damaged, m.how(), ckpt.toString());
    }

    /** Saves one to four random arrays and a small state as checkpoint "c" under {@code root}. */
    private static List<NdListBytes.Array> save(Path root, Random r) {
        List<NdListBytes.Array> described = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                DataType type = TYPES[r.nextInt(TYPES.length)];
                long[] shape = new long[r.nextInt(4)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = r.nextInt(4);
                }
                byte[] data = new byte[(int) new Shape(shape).size() * type.getNumOfBytes()];
                r.nextBytes(data);
                if (type == DataType.BOOLEAN) {
                    for (int k = 0; k < data.length; k++) {
                        data[k] &= 1;
                    }
                }
                String name = "net.cell" + i + (r.nextBoolean() ? ".weight" : ".running_mean");
                ByteBuffer buf = ByteBuffer.allocateDirect(data.length).order(ByteOrder.nativeOrder()).put(data).rewind();
                arrays.put(name, m.create(buf, new Shape(shape), type));
                described.add(new NdListBytes.Array(name, type.name(), shape, data));
            }
            ObjectNode state = JSON.createObjectNode().put("epochs_done", r.nextInt(50)).put("metrics_bytes", 1234L);
            state.putArray("history").addObject().put("epoch", 0).put("loss", 2.3);
            JsonNode strategy = JSON.createObjectNode().put("step", r.nextInt(1000));
            state.set("strategy", strategy);
            new Checkpointer(root, 3).save("c", arrays, state);
        }
        return described;
    }
}
