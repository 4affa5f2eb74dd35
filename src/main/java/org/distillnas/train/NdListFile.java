package org.distillnas.train;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.LayoutType;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.distillnas.util.BadInputException;

/**
 * Checks that a file holds named arrays in DJL's NDList encoding, every declared count, shape and
 * byte length consistent with the file's real size, before DJL's decoder reads it: that decoder
 * sizes its buffers from the declared numbers and hands libtorch a shape it does not compare with
 * the data, so a damaged file would otherwise cost gigabytes or worse.
 *
 * <p>The layout, as DJL 0.35 writes it (big-endian, strings as {@link java.io.DataOutput#writeUTF}):
 *
 * <pre>
 *   int     number of arrays
 *   per array:
 *     UTF   "NDAR"          int  encoding version, 3
 *     byte  1 (named)       UTF  name
 *     UTF   sparse format   UTF  data type, e.g. FLOAT32
 *     int   rank            long[rank] dimensions
 *     int   layout length (= rank)    char[rank] layout, e.g. '?'
 *     byte  '&lt;' or '&gt;' (byte order)  int data length   byte[length] data
 * </pre>
 *
 * Beyond the format, each array must have a name no other array has, since checkpoints look arrays
 * up by name, and the file must end after the last array.
 */
final class NdListFile {
    private static final String MAGIC = "NDAR";
    private static final int VERSION = 3;
    /** The fewest bytes an array's encoding can take: every field present, names and data empty. */
    private static final int MIN_ARRAY_BYTES = (2 + MAGIC.length()) + 4 + 1 + 2 + 2 + 2 + 4 + 4 + 1 + 4;
    /** The types libtorch holds; DJL also names types (STRING, UNKNOWN, ...) that have no fixed width here. */
    private static final Set<DataType> TYPES = EnumSet.of(DataType.FLOAT16, DataType.BFLOAT16, DataType.FLOAT32,
            DataType.FLOAT64, DataType.UINT8, DataType.INT8, DataType.INT32, DataType.INT64, DataType.BOOLEAN);

    private final Path file;
    private final long size;
    private final DataInputStream in;
    private long position;

    private NdListFile(Path file, long size, InputStream in) {
        this.file = file;
        this.size = size;
        this.in = new DataInputStream(in);
    }

    /**
     * Reads {@code file} through once, keeping no array data in memory.
     *
     * @return the number of arrays it holds
     * @throws BadInputException naming the file, the array and the bad value at the first problem
     */
    static int check(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new NdListFile(file, Files.size(file), raw).checkAll();
        } catch (IOException e) {
            throw new BadInputException("cannot read checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }

    private int checkAll() throws IOException {
        int count = readInt("the number of arrays");
        if (count < 0 || count > (size - position) / MIN_ARRAY_BYTES) {
            throw bad("it declares " + count + " arrays, but its remaining " + (size - position)
                    + " bytes hold at most " + (size - position) / MIN_ARRAY_BYTES);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = checkArray(i);
            if (!names.add(name)) {
                throw bad("array " + i + " is named " + name + ", as an earlier array is");
            }
        }
        if (position != size) {
            throw bad((size - position) + " bytes after the last of its " + count + " arrays belong to no array");
        }
        return count;
    }

    /** Checks array {@code i} and moves past it; returns its name. */
    private String checkArray(int i) throws IOException {
        String what = "array " + i;
        String magic = readUtf(what + "'s marker");
        if (!magic.equals(MAGIC)) {
            throw bad(what + " starts with " + quote(magic) + ", expected the marker " + MAGIC);
        }
        int version = readInt(what + "'s encoding version");
        if (version != VERSION) {
            throw bad(what + " has encoding version " + version + ", expected " + VERSION);
        }
        if (readByte(what + "'s name flag") != 1) {
            throw bad(what + " has no name; checkpoint arrays are stored by name");
        }
        String name = readUtf(what + "'s name");
        what = "array " + i + " (" + quote(name) + ")";
        String sparse = readUtf(what + "'s storage format");
        if (!sparse.equals("DENSE")) {
            throw bad(what + " has storage format " + quote(sparse) + ", expected DENSE");
        }
        DataType type = dataType(readUtf(what + "'s data type"), what);
        long[] shape = readShape(what);
        int order = readByte(what + "'s byte order");
        if (order != '<' && order != '>') {
            throw bad(what + " has byte order mark " + order + ", expected '<' or '>'");
        }
        int length = readInt(what + "'s data length");
        long expected = dataBytes(shape, type, what);
        if (length != expected) {
            throw bad(what + " of shape " + Arrays.toString(shape) + " and type " + type + " needs " + expected
                    + " data bytes, but declares " + length);
        }
        skipData(length, type, what);
        return name;
    }

    private long[] readShape(String what) throws IOException {
        int rank = readInt(what + "'s rank");
        if (rank < 0 || rank > (size - position) / Long.BYTES) {
            throw bad(what + " declares " + rank + " dimensions, but only " + (size - position) + " bytes remain");
        }
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = readLong(what + "'s dimension " + d);
            if (shape[d] < 0) {
                throw bad(what + " has dimension " + d + " of size " + shape[d] + ", expected 0 or more");
            }
        }
        int layout = readInt(what + "'s layout length");
        if (layout != rank) {
            throw bad(what + " has a layout of " + layout + " letters for its " + rank + " dimensions");
        }
        for (int d = 0; d < rank; d++) {
            char c = (char) readShort(what + "'s layout");
            try {
                LayoutType.fromValue(c);
            } catch (IllegalArgumentException e) {
                throw bad(what + " has layout letter " + (int) c + " for dimension " + d + ", which DJL does not define");
            }
        }
        return shape;
    }

    /** Bytes the array's data must have; refused if more than the file could hold in any case. */
    private long dataBytes(long[] shape, DataType type, String what) {
        try {
            long n = type.getNumOfBytes();
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        } catch (ArithmeticException e) {
            throw bad(what + " has shape " + Arrays.toString(shape) + ", too large to count its bytes");
        }
    }

    /** Moves past the data; BOOLEAN data is read to check each byte is 0 or 1, all libtorch defines. */
    private void skipData(int length, DataType type, String what) throws IOException {
        need(length, what + "'s " + length + " data bytes");
        byte[] chunk = new byte[Math.min(length, 1 << 16)];
        for (int done = 0; done < length; ) {
            int n = Math.min(chunk.length, length - done);
            in.readFully(chunk, 0, n);
            if (type == DataType.BOOLEAN) {
                for (int k = 0; k < n; k++) {
                    if (chunk[k] != 0 && chunk[k] != 1) {
                        throw bad(what + " of type BOOLEAN holds byte " + (chunk[k] & 0xFF) + " at element "
                                + (done + k) + ", expected 0 or 1");
                    }
                }
            }
            done += n;
            position += n;
        }
    }

    private DataType dataType(String name, String what) {
        for (DataType t : TYPES) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw bad(what + " has data type " + quote(name) + ", expected one of " + TYPES);
    }

    private int readInt(String what) throws IOException {
        need(Integer.BYTES, what);
        position += Integer.BYTES;
        return in.readInt();
    }

    private long readLong(String what) throws IOException {
        need(Long.BYTES, what);
        position += Long.BYTES;
        return in.readLong();
    }

    private int readShort(String what) throws IOException {
        need(Short.BYTES, what);
        position += Short.BYTES;
        return in.readUnsignedShort();
    }

    private int readByte(String what) throws IOException {
        need(1, what);
        position += 1;
        return in.readUnsignedByte();
    }

    /** A {@code writeUTF} string: its 2-byte length is checked against the file before its bytes are read. */
    private String readUtf(String what) throws IOException {
        int length = readShort(what);
        need(length, what);
        byte[] encoded = new byte[2 + length];
        ByteBuffer.wrap(encoded).putShort((short) length);
        in.readFully(encoded, 2, length);
        position += length;
        try {
            return new DataInputStream(new ByteArrayInputStream(encoded)).readUTF();
        } catch (UTFDataFormatException e) {
            throw bad(what + " is not valid modified UTF-8");
        }
    }

    private void need(long bytes, String what) {
        if (size - position < bytes) {
            throw bad("it ends at byte " + size + ", inside " + what + " (truncated file?)");
        }
    }

    private BadInputException bad(String problem) {
        return new BadInputException("corrupt checkpoint file " + file + ": " + problem);
    }

    /** A string read from the file, quoted and shortened so a message stays one readable line. */
    private static String quote(String s) {
        String shown = s.length() <= 60 ? s : s.substring(0, 57) + "...";
        return "'" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'";
    }
}
