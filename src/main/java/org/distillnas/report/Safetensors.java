package org.distillnas.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.nn.Module;
import org.distillnas.nn.Param;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;

/**
 * Reads and writes tensors in the safetensors format, which PyTorch, JAX and NumPy tools load
 * without running any code from the file:
 *
 * <pre>
 *   8 bytes   N, the header length, unsigned little-endian
 *   N bytes   UTF-8 JSON: {"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [2, 3],
 *             "data_offsets": [begin, end]}, ...}, padded with spaces
 *   the rest  tensor bytes, little-endian, row-major; offsets count from the end of the header
 * </pre>
 *
 * Tensors are stored contiguously in the order given. The dtypes supported are F32, F64, I64, I32,
 * U8 and BOOL (DJL's FLOAT32, FLOAT64, INT64, INT32, UINT8, BOOLEAN). The reference writer instead
 * sorts tensors by decreasing element size so that each starts at a multiple of its width; a
 * network's tensors are all F32, so keeping the caller's order loses nothing there, but callers
 * mixing widths should put the wider types first if a reader memory-maps the file.
 *
 * <p>{@link #writeModule} names each tensor by its dotted path in the module tree, the scheme of
 * PyTorch's {@code state_dict} (e.g. {@code cells.0.edges.3.nor_conv_3x3.conv.weight},
 * {@code stem.bn.running_mean}), so an equivalent PyTorch module can load the file with
 * {@code load_state_dict(safetensors.torch.load_file(path))}.
 */
public final class Safetensors {
    private static final int LENGTH_FIELD = 8;

    private Safetensors() {}

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file} atomically (a reader sees the old
     * file or the whole new one). Tensor {@code i} occupies data bytes
     * {@code [sum_{j<i} s_j, sum_{j<=i} s_j)} with {@code s_j = product(shape_j) * width(dtype_j)}.
     *
     * @param tensors by name, in the order to store them
     * @param metadata free-form strings stored under {@code __metadata__}; may be empty or null
     * @throws IllegalArgumentException if a tensor has an unsupported data type or is named
     *     {@code __metadata__}, or a metadata value is null
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        Map<String, String> meta = metadata == null ? Map.of() : metadata;
        meta.forEach((k, v) -> {
            if (v == null) {
                throw new IllegalArgumentException("metadata " + k + " has no value");
            }
        });
        List<SafetensorsHeader.Entry> entries = new ArrayList<>();
        List<NDArray> arrays = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> t : tensors.entrySet()) {
            String name = t.getKey();
            NDArray array = t.getValue();
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + name + ": the format reserves it");
            }
            String code = code(array.getDataType(), name);
            long bytes = array.getShape().size() * SafetensorsHeader.width(code);
            entries.add(new SafetensorsHeader.Entry(name, code, array.getShape().getShape(), offset, offset + bytes));
            arrays.add(array);
            offset += bytes;
        }
        byte[] header = new SafetensorsHeader(entries, meta).encode();
        AtomicFiles.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(LENGTH_FIELD).order(ByteOrder.LITTLE_ENDIAN);
            out.write(length.putLong(header.length).array());
            out.write(header);
            // One tensor's bytes in memory at a time, not the whole file.
            for (int i = 0; i < arrays.size(); i++) {
                SafetensorsHeader.Entry e = entries.get(i);
                byte[] data = littleEndianBytes(arrays.get(i).toByteBuffer(), SafetensorsHeader.width(e.dtype()));
                if (data.length != e.end() - e.begin()) {
                    throw new IllegalStateException("tensor " + e.name() + " gave " + data.length + " bytes, expected "
                            + (e.end() - e.begin()));
                }
                out.write(data);
            }
        });
    }

    /**
     * Writes every parameter and buffer of {@code module} ({@link Module#namedParams()}: weights,
     * BatchNorm affine parameters and running statistics, architecture weights) under its dotted
     * name, as {@link #write} does.
     */
    public static void writeModule(Path file, Module module, Map<String, String> metadata) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Param> p : module.namedParams().entrySet()) {
            tensors.put(p.getKey(), p.getValue().value());
        }
        write(file, tensors, metadata);
    }

    /**
     * Reads every tensor of {@code file} onto {@code manager}, in the order they are stored. The
     * whole header is checked before any array is created.
     *
     * @throws BadInputException naming the file and the problem if the file is missing, unreadable,
     *     truncated or corrupt, or holds a dtype other than those supported
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        try (FileChannel ch = open(file)) {
            Layout layout = readHeader(ch, file);
            Map<String, NDArray> out = new LinkedHashMap<>();
            try {
                for (SafetensorsHeader.Entry e : layout.header().entries()) {
                    DataType type = dataType(e, file);
                    ByteBuffer data = readData(ch, layout.dataStart() + e.begin(), e, file);
                    out.put(e.name(), manager.create(data, new Shape(e.shape()), type));
                }
            } catch (RuntimeException | IOException ex) {
                // Do not leave half a model's arrays on the caller's manager.
                out.values().forEach(NDArray::close);
                throw ex;
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /**
     * The {@code __metadata__} strings of {@code file}, empty if it has none. Reads and checks only
     * the header.
     *
     * @throws BadInputException naming the file and the problem if the file is missing, unreadable,
     *     truncated or corrupt
     */
    public static Map<String, String> metadata(Path file) {
        try (FileChannel ch = open(file)) {
            return readHeader(ch, file).header().metadata();
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /**
     * The bytes of {@code buffer} (from its position to its limit) in little-endian order: as they
     * are if the buffer is little-endian, otherwise with every {@code width}-byte element reversed.
     * DJL hands out tensor bytes in the machine's native order, which the format does not allow to
     * leak into the file.
     */
    static byte[] littleEndianBytes(ByteBuffer buffer, int width) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
            reverseElements(bytes, width);
        }
        return bytes;
    }

    /** Reverses the byte order of each {@code width}-byte element of {@code bytes} in place. */
    static void reverseElements(byte[] bytes, int width) {
        for (int start = 0; start + width <= bytes.length; start += width) {
            for (int i = start, j = start + width - 1; i < j; i++, j--) {
                byte t = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = t;
            }
        }
    }

    /** A file that exists but cannot be read (a folder, no permission) is the caller's input, not a bug. */
    private static BadInputException cannotRead(Path file, IOException e) {
        return new BadInputException(file + ": cannot read it (" + e.getMessage() + ")", e);
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw SafetensorsHeader.bad(file, "no such file");
        }
    }

    /** A checked header and the file position where the data section starts. */
    private record Layout(SafetensorsHeader header, long dataStart) {}

    /** Reads the length field and the header, checking them against the file's size. */
    private static Layout readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < LENGTH_FIELD) {
            throw SafetensorsHeader.bad(file, "file has " + size + " bytes, too few for the 8-byte header length");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(LENGTH_FIELD).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lengthField, 0);
        long n = lengthField.getLong(0);
        // The field is unsigned: a value of 2^63 or more reads as negative here, and is too large too.
        if (n < 0 || n > size - LENGTH_FIELD) {
            throw SafetensorsHeader.bad(file, "header length " + Long.toUnsignedString(n) + " exceeds the "
                    + (size - LENGTH_FIELD) + " bytes after the length field (truncated file?)");
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw SafetensorsHeader.bad(file, "header length " + n + " is too large to read");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(ch, json, LENGTH_FIELD);
        return new Layout(SafetensorsHeader.decode(json.array(), size - LENGTH_FIELD - n, file), LENGTH_FIELD + n);
    }

    /** One tensor's bytes in a direct buffer in native order, the form DJL copies into libtorch. */
    private static ByteBuffer readData(FileChannel ch, long position, SafetensorsHeader.Entry e, Path file)
            throws IOException {
        long bytes = e.end() - e.begin();
        if (bytes > Integer.MAX_VALUE) {
            throw SafetensorsHeader.bad(file, "tensor " + e.name() + " has " + bytes + " bytes, more than one array can hold");
        }
        ByteBuffer buf = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
        readFully(ch, buf, position);
        if (e.dtype().equals("BOOL")) {
            checkBooleans(buf, e, file);
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            byte[] copy = new byte[(int) bytes];
            buf.get(0, copy);
            reverseElements(copy, SafetensorsHeader.width(e.dtype()));
            buf.put(0, copy);
        }
        return buf.rewind();
    }

    /** A BOOL byte other than 0 or 1 is not a value libtorch defines, so it is refused rather than loaded. */
    private static void checkBooleans(ByteBuffer buf, SafetensorsHeader.Entry e, Path file) {
        for (int i = 0; i < buf.limit(); i++) {
            byte b = buf.get(i);
            if (b != 0 && b != 1) {
                throw SafetensorsHeader.bad(file, "tensor " + e.name() + " of dtype BOOL holds byte " + (b & 0xFF)
                        + " at element " + i + ", expected 0 or 1");
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                // The header was checked against the size, so only a file shrinking under us gets here.
                throw new EOFException("unexpected end of file at byte " + at);
            }
            at += n;
        }
        buf.flip();
    }

    private static String code(DataType type, String name) {
        return switch (type) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case UINT8 -> "U8";
            case BOOLEAN -> "BOOL";
            default -> throw new IllegalArgumentException("tensor " + name + " has data type " + type
                    + ": safetensors writing supports FLOAT32, FLOAT64, INT64, INT32, UINT8, BOOLEAN");
        };
    }

    private static DataType dataType(SafetensorsHeader.Entry e, Path file) {
        return switch (e.dtype()) {
            case "F32" -> DataType.FLOAT32;
            case "F64" -> DataType.FLOAT64;
            case "I64" -> DataType.INT64;
            case "I32" -> DataType.INT32;
            case "U8" -> DataType.UINT8;
            case "BOOL" -> DataType.BOOLEAN;
            default -> throw SafetensorsHeader.bad(file, "tensor " + e.name() + " has dtype " + e.dtype()
                    + ", which this reader does not support (F32, F64, I64, I32, U8, BOOL)");
        };
    }
}
