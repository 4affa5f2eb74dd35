package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Safetensors files that were cut short, had bytes flipped, or whose header declares sizes and
 * offsets far beyond the file or holds values of the wrong type: {@link Safetensors} reads them
 * or refuses them with one line naming the file.
 */
class SafetensorsMutationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DataType[] TYPES = {
        DataType.FLOAT32, DataType.FLOAT64, DataType.INT64, DataType.INT32, DataType.UINT8, DataType.BOOLEAN,
    };

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    /** Valid files written once and damaged by every case: writing syncs to disk, too slow to repeat. */
    private final List<byte[]> valid = new ArrayList<>();

    @Test
    void damagedFilesAreReadOrRefusedByName() throws Exception {
        Random r = new Random(424_242);
        for (int i = 0; i < 40; i++) {
            valid.add(Files.readAllBytes(randomFile(dir.resolve("valid" + i + ".safetensors"), r)));
        }
        MutationRun.Tally t = MutationRun.of("safetensors", 42_4242L, 3_000).run(this::damagedFile, in -> {
            Map<String, String> meta = Safetensors.metadata(in.file());
            assertThat(meta).isNotNull();
            try (NDManager m = NDManager.newBaseManager()) {
                for (NDArray a : Safetensors.read(in.file(), m).values()) {
                    if (a.getDataType() == DataType.BOOLEAN) {
                        for (byte b : a.toByteArray()) {
                            assertThat(b).isBetween((byte) 0, (byte) 1);
                        }
                    }
                }
            }
        });
        assertThat(t.rejected()).isGreaterThan(t.cases() / 2);
        assertThat(t.accepted()).isPositive();
    }

    /** A header length of 2^62 in a file of a hundred bytes. */
    @Test
    @Timeout(5)
    void aHeaderLengthOfTwoToTheSixtyTwoIsRefusedBeforeAllocating() throws Exception {
        Path file = tinyFile();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 62);
        Files.write(file, bytes);
        assertRefused(file, "4611686018427387904");
    }

    /** Offsets claiming 2^62 bytes for a tensor whose shape agrees with them. */
    @Test
    @Timeout(5)
    void dataOffsetsOfTwoToTheSixtyTwoAreRefusedBeforeAllocating() throws Exception {
        Path file = withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[1152921504606846976],"
                + "\"data_offsets\":[0,4611686018427387904]}}", 4);
        assertRefused(file, "4611686018427387904");
    }

    /** A shape whose element count overflows a long. */
    @Test
    @Timeout(5)
    void aShapeTooLargeToCountIsRefused() throws Exception {
        Path file = withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],"
                + "\"data_offsets\":[0,4]}}", 4);
        assertRefused(file, "shape");
    }

    /** A BOOL element must be 0 or 1; libtorch's behaviour for other bytes is undefined. */
    @Test
    void aBoolByteOtherThanZeroOrOneIsRefused() throws Exception {
        Path file = withHeader("{\"b\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}", 0);
        Files.write(file, new byte[] {0, 1, 7}, java.nio.file.StandardOpenOption.APPEND);
        assertRefused(file, "7");
    }

    @Test
    void aFolderInsteadOfAFileIsRefusedByName() {
        assertRefused(dir, "");
    }

    private void assertRefused(Path file, String detail) {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Safetensors.read(file, m))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(detail);
        }
    }

    private Path tinyFile() {
        Path file = dir.resolve("tiny.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.write(file, Map.of("x", m.create(new float[] {1f, 2f})), Map.of("k", "v"));
        }
        return file;
    }

    /** A file with the given header JSON (padded to 8 bytes) and {@code dataBytes} zero bytes. */
    private Path withHeader(String json, int dataBytes) throws Exception {
        return Files.write(dir.resolve("h.safetensors"), framed(json.getBytes(StandardCharsets.UTF_8), new byte[dataBytes]));
    }

    /** A file of one to four random tensors, some with metadata. */
    private static Path randomFile(Path file, Random r) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                tensors.put("t" + i + (r.nextBoolean() ? ".weight" : ""), randomArray(m, r));
            }
            Safetensors.write(file, tensors, r.nextBoolean() ? Map.of("format", "pt") : Map.of());
        }
        return file;
    }

    /** One of the valid files, damaged in one of several ways. */
    private MutationRun.Input damagedFile(Random r, int index) throws Exception {
        byte[] bytes = valid.get(r.nextInt(valid.size()));
        int headerEnd = 8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Mutations.Mutated m = switch (r.nextInt(5)) {
            case 0 -> Mutations.truncate(bytes, r);
            case 1 -> Mutations.flipIn(bytes, 0, headerEnd, r);
            case 2 -> Mutations.flip(bytes, r);
            case 3 -> Mutations.overwrite(bytes, 0, 8, ByteOrder.LITTLE_ENDIAN, Mutations.huge(r), "header length");
            default -> reframed(bytes, headerEnd, r);
        };
        Path file = Files.write(dir.resolve("case" + index + ".safetensors"), m.bytes());
        return new MutationRun.Input(file, m.how());
    }

    /** The header's JSON changed structurally, with the length field updated so the framing stays valid. */
    private static Mutations.Mutated reframed(byte[] bytes, int headerEnd, Random r) throws Exception {
        JsonNode header = JSON.readTree(Arrays.copyOfRange(bytes, 8, headerEnd));
        Mutations.Mutated json = JsonMutations.mutate(header, r);
        return new Mutations.Mutated(framed(json.bytes(), Arrays.copyOfRange(bytes, headerEnd, bytes.length)),
                "header JSON " + json.how());
    }

    private static byte[] framed(byte[] json, byte[] data) {
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }

    private static NDArray randomArray(NDManager m, Random r) {
        DataType type = TYPES[r.nextInt(TYPES.length)];
        long[] shape = new long[r.nextInt(4)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = r.nextInt(4);
        }
        Shape s = new Shape(shape);
        byte[] data = new byte[(int) s.size() * type.getNumOfBytes()];
        r.nextBytes(data);
        if (type == DataType.BOOLEAN) {
            for (int i = 0; i < data.length; i++) {
                data[i] &= 1;
            }
        }
        return m.create(ByteBuffer.allocateDirect(data.length).order(ByteOrder.nativeOrder()).put(data).rewind(), s, type);
    }
}
