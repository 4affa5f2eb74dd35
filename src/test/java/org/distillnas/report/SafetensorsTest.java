package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.nn.BatchNorm2d;
import org.distillnas.nn.Linear;
import org.distillnas.nn.Module;
import org.distillnas.nn.ParamFactory;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    /**
     * One F32 tensor "x" = [1.0], no metadata. The JSON
     * {"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} has 54 characters (5 + 15 + 12 + 20 + 2),
     * padded with 2 spaces to 56 = 0x38, so the file is 8 + 56 + 4 = 68 bytes: the length field
     * 38 00 00 00 00 00 00 00, the header, then 1.0f little-endian = 00 00 80 3F.
     */
    @Test
    void exactBytesOfATinyFile() throws Exception {
        Path file = dir.resolve("tiny.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.write(file, Map.of("x", m.create(new float[] {1f}, new Shape(1))), Map.of());
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(68);
        assertThat(Arrays.copyOfRange(bytes, 0, 8)).containsExactly(0x38, 0, 0, 0, 0, 0, 0, 0);
        assertThat(new String(bytes, 8, 56, StandardCharsets.UTF_8))
                .isEqualTo("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}  ");
        assertThat(Arrays.copyOfRange(bytes, 64, 68)).containsExactly(0x00, 0x00, 0x80, 0x3F);
    }

    /** DJL gives native-order bytes; a big-endian buffer must come out reversed per element. */
    @Test
    void bytesAreLittleEndianWhateverTheBufferOrder() {
        ByteBuffer big = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1f).putFloat(-2.5f).flip();
        assertThat(Safetensors.littleEndianBytes(big, 4))
                .containsExactly(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0);
        ByteBuffer little = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-2).flip();
        assertThat(Safetensors.littleEndianBytes(little, 8))
                .containsExactly(0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void roundTripsEveryDtypeAndShape() {
        Path file = dir.resolve("all.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> in = new LinkedHashMap<>();
            in.put("f32", m.create(new float[] {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, -0f}, new Shape(2, 3)));
            in.put("f64.scalar", m.create(0.1));
            in.put("i64", m.create(new long[] {-2, Long.MAX_VALUE, Long.MIN_VALUE}));
            in.put("i32", m.create(new int[] {7, -8, Integer.MAX_VALUE, 0}, new Shape(2, 1, 2)));
            in.put("u8", m.create(ByteBuffer.wrap(new byte[] {0, 1, (byte) 200, (byte) 255}), new Shape(4), DataType.UINT8));
            in.put("bool", m.create(new boolean[] {true, false, true}));
            in.put("empty", m.create(new float[0], new Shape(0)));
            in.put("empty2d", m.create(new int[0], new Shape(2, 0)));
            // Not contiguous in memory: the file must hold the transposed order [[1, 3], [2, 4]].
            in.put("transposed", m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)).transpose());
            Safetensors.write(file, in, Map.of());

            Map<String, NDArray> out = Safetensors.read(file, m);
            assertThat(out.keySet()).containsExactlyElementsOf(in.keySet());
            for (String name : in.keySet()) {
                assertThat(out.get(name).getDataType()).as(name).isEqualTo(in.get(name).getDataType());
                assertThat(out.get(name).getShape()).as(name).isEqualTo(in.get(name).getShape());
            }
            assertThat(out.get("f32").toFloatArray()).containsExactly(1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, -0f);
            assertThat(Float.floatToRawIntBits(out.get("f32").toFloatArray()[5])).isEqualTo(0x80000000);
            assertThat(out.get("f64.scalar").getShape().dimension()).isZero();
            assertThat(out.get("f64.scalar").toDoubleArray()).containsExactly(0.1);
            assertThat(out.get("i64").toLongArray()).containsExactly(-2, Long.MAX_VALUE, Long.MIN_VALUE);
            assertThat(out.get("i32").toIntArray()).containsExactly(7, -8, Integer.MAX_VALUE, 0);
            assertThat(out.get("u8").toUint8Array()).containsExactly(0, 1, 200, 255);
            assertThat(out.get("bool").toBooleanArray()).containsExactly(true, false, true);
            assertThat(out.get("empty").size()).isZero();
            assertThat(out.get("transposed").toFloatArray()).containsExactly(1, 3, 2, 4);
            // Tensors are contiguous in the order given: f32 (24 bytes) then f64 (8) then i64 (24) ...
            assertThat(Safetensors.metadata(file)).isEmpty();
        }
    }

    @Test
    void metadataRoundTripsAndHeaderIsPadded() throws Exception {
        Path file = dir.resolve("meta.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("genotype", "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|");
        meta.put("note", "épsilon \"quoted\"\nsecond line");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("b", m.create(new double[] {1, 2}));
            t.put("a", m.create(new int[] {3}));
            Safetensors.write(file, t, meta);
        }
        assertThat(Safetensors.metadata(file)).containsExactlyEntriesOf(meta);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        assertThat(bytes.length).isEqualTo(8 + n + 16 + 4);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        // Offsets follow the order written, not the alphabetical order of the names.
        assertThat(header).contains("\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}")
                .contains("\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]}")
                .startsWith("{\"__metadata__\":{\"format\":\"pt\",");
    }

    /** A module tree: the state_dict-style dotted names, including BatchNorm running statistics. */
    private static final class Tiny extends Module {
        final BatchNorm2d bn;

        Tiny(ParamFactory f) {
            bn = child("bn", new BatchNorm2d(f, 2, true));
            child("fc", new Linear(f, 3, 2));
        }
    }

    @Test
    void writesModuleUnderDottedNames() {
        Path file = dir.resolve("module.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Tiny net = new Tiny(new ParamFactory(m, 11));
            try (NoGrad ignored = NoGrad.open()) {
                net.namedParams().get("bn.running_mean").value().addi(0.75f);
            }
            Safetensors.writeModule(file, net, Map.of("space", "nb201"));
            Map<String, NDArray> out = Safetensors.read(file, m);
            assertThat(out.keySet()).containsExactly(
                    "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "fc.weight", "fc.bias");
            assertThat(out.get("bn.running_mean").toFloatArray()).containsExactly(0.75f, 0.75f);
            assertThat(out.get("bn.running_var").toFloatArray()).containsExactly(1f, 1f);
            assertThat(out.get("fc.weight").getShape()).isEqualTo(new Shape(2, 3));
            assertThat(out.get("fc.weight").toFloatArray())
                    .containsExactly(net.namedParams().get("fc.weight").value().toFloatArray());
            assertThat(Safetensors.metadata(file)).containsExactly(Map.entry("space", "nb201"));
        }
    }

    @Test
    void unsupportedWritesNameTheTensor() {
        Path file = dir.resolve("bad.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray half = m.create(new float[] {1}).toType(DataType.FLOAT16, false);
            assertThatThrownBy(() -> Safetensors.write(file, Map.of("half", half), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tensor half has data type float16");
            assertThatThrownBy(() -> Safetensors.write(file, Map.of("__metadata__", m.create(1f)), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserves");
        }
        assertThat(file).doesNotExist();
    }

    /** A file made by hand: length field, header JSON and data bytes. */
    private Path raw(String name, String json, int dataBytes) throws Exception {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        out.write(new byte[dataBytes]);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static final String TWO = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[%d,%d]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[%d,%d]}}";

    private void rejects(Path file, String problem) {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Safetensors.read(file, m))
                    .isInstanceOf(BadInputException.class).hasMessage(file + ": " + problem);
        }
    }

    @Test
    void corruptFilesGiveOneLineErrors() throws Exception {
        Path good = dir.resolve("good.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.write(good, Map.of("x", m.create(new float[] {1f}, new Shape(1))), Map.of());
        }
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(good), 66));
        rejects(truncated, "tensor x has data_offsets [0, 4] past the 2 bytes of data (truncated file?)");
        assertThatThrownBy(() -> Safetensors.metadata(truncated)).isInstanceOf(BadInputException.class);

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 0, 0});
        rejects(tiny, "file has 3 bytes, too few for the 8-byte header length");

        Path longHeader = dir.resolve("long.safetensors");
        Files.write(longHeader, Arrays.copyOf(new byte[] {(byte) 0xE8, 3}, 20));
        rejects(longHeader, "header length 1000 exceeds the 12 bytes after the length field (truncated file?)");

        Path huge = dir.resolve("huge.safetensors");
        byte[] ff = new byte[16];
        Arrays.fill(ff, (byte) 0xFF);
        Files.write(huge, ff);
        rejects(huge, "header length 18446744073709551615 exceeds the 8 bytes after the length field (truncated file?)");

        Path notJson = raw("notjson.safetensors", "{not json}", 0);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Safetensors.read(notJson, m)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(notJson + ": header is not valid JSON (").hasMessageNotContaining("\n");
        }
        rejects(raw("array.safetensors", "[1, 2]", 0), "header is not a JSON object");
        rejects(raw("gap.safetensors", String.format(TWO, 0, 4, 8, 12), 12),
                "bytes 4 to 8 before tensor b belong to no tensor");
        rejects(raw("overlap.safetensors", String.format(TWO, 0, 4, 2, 6), 6),
                "tensor b at byte 2 overlaps the tensor before it, which ends at byte 4");
        rejects(raw("tail.safetensors", String.format(TWO, 0, 4, 4, 8), 10),
                "bytes 8 to 10 after the last tensor belong to no tensor");
        rejects(raw("start.safetensors", String.format(TWO, 4, 8, 8, 12), 12),
                "bytes 0 to 4 before tensor a belong to no tensor");
        rejects(raw("size.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                "tensor a of dtype F32 and shape [2] needs 8 bytes but its data_offsets span 4");
        rejects(raw("neg.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 4),
                "tensor a has data_offsets [-4,0], expected non-negative integers");
        rejects(raw("dtype.safetensors", "{\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "tensor a has dtype \"F33\", which is not a safetensors type");
        rejects(raw("dup.safetensors", String.format(TWO, 0, 4, 4, 8).replace("\"b\"", "\"a\""), 8),
                "header is not valid JSON (Duplicate field 'a')");
        rejects(raw("meta.safetensors", "{\"__metadata__\":{\"k\":1}}", 0), "__metadata__ value of k is 1, not a string");
    }

    /** A valid file with a type this reader cannot create: the header and metadata still read. */
    @Test
    void unsupportedDtypeOnReadNamesTheTensor() throws Exception {
        Path file = raw("half.safetensors",
                "{\"__metadata__\":{\"k\":\"v\"},\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]}}", 6);
        assertThat(Safetensors.metadata(file)).containsExactly(Map.entry("k", "v"));
        rejects(file, "tensor h has dtype F16, which this reader does not support (F32, F64, I64, I32, U8, BOOL)");
        rejects(dir.resolve("missing.safetensors"), "no such file");
    }
}
