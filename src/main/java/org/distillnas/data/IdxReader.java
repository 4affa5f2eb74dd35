package org.distillnas.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.distillnas.util.BadInputException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (magic number,
 * then one 32-bit size per dimension) followed by unsigned bytes.
 *
 * <p>Files may be gzip-compressed or plain; which is decided by the content (the gzip magic
 * bytes), not the file name, because Debian and users both decompress files without renaming
 * them consistently.
 */
public final class IdxReader {
    /** Magic number of a 3-dimensional unsigned-byte file: images (count, rows, columns). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a 1-dimensional unsigned-byte file: labels. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC = 0x1f8b;
    /** The most payload bytes one Java array can hold. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 16;

    private IdxReader() {}

    /**
     * Reads an images file and its labels file into a one-channel data set.
     *
     * @param howToGet the advice appended to any error, e.g. {@link DatasetKind#howToGet()}
     * @throws BadInputException naming the file if one is missing, truncated or not IDX, if the
     *     counts differ, or if a label is not below {@code numClasses}
     */
    public static ImageDataset read(String name, Path imagesFile, Path labelsFile, int numClasses, String howToGet) {
        Idx images = readFile(imagesFile, IMAGES_MAGIC, howToGet);
        Idx labels = readFile(labelsFile, LABELS_MAGIC, howToGet);
        int count = images.dims[0];
        if (labels.dims[0] != count) {
            throw DataFileErrors.corrupt(labelsFile, "holds " + labels.dims[0] + " labels but " + imagesFile
                    + " holds " + count + " images", howToGet);
        }
        int[] lb = new int[count];
        for (int i = 0; i < count; i++) {
            lb[i] = labels.data[i] & 0xFF;
            if (lb[i] >= numClasses) {
                throw DataFileErrors.corrupt(labelsFile, "label " + i + " is " + lb[i] + ", expected 0.."
                        + (numClasses - 1), howToGet);
            }
        }
        return new ImageDataset(name, images.data, lb, 1, images.dims[1], images.dims[2], numClasses);
    }

    /** A parsed IDX file: its dimensions and its payload bytes. */
    private record Idx(int[] dims, byte[] data) {}

    private static Idx readFile(Path file, int expectedMagic, String howToGet) {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (NoSuchFileException e) {
            throw DataFileErrors.missing(file, howToGet);
        } catch (IOException e) {
            throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            boolean gzip = isGzip(raw);
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return parse(file, in, gzip ? -1 : fileSize, expectedMagic, howToGet);
        } catch (EOFException e) {
            // Only a gzip stream ends early this way; plain files are checked against their size.
            throw DataFileErrors.truncated(file, "its gzip stream ends early", howToGet);
        } catch (ZipException e) {
            throw DataFileErrors.corrupt(file, "bad gzip data (" + e.getMessage() + ")", howToGet);
        } catch (IOException e) {
            throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 >= 0 && b1 >= 0 && ((b0 << 8) | b1) == GZIP_MAGIC;
    }

    /**
     * @param plainSize the file's size when it is not compressed, so a short file is reported
     *     before anything is allocated; -1 for gzip, whose size is known only by reading
     */
    private static Idx parse(Path file, InputStream in, long plainSize, int expectedMagic, String howToGet)
            throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw DataFileErrors.truncated(file, 4, head.length, howToGet);
        }
        int magic = toInt(head, 0);
        if (magic != expectedMagic) {
            throw DataFileErrors.corrupt(file, "expected IDX magic " + expectedMagic + ", found " + magic, howToGet);
        }
        int rank = magic & 0xFF;
        long headerSize = 4 + 4L * rank;
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw DataFileErrors.truncated(file, headerSize, 4 + dimBytes.length, howToGet);
        }
        int[] dims = new int[rank];
        long payload = 1;
        for (int d = 0; d < rank; d++) {
            // Sizes are unsigned; read as Java ints, 2^31 and up would look negative.
            long size = toInt(dimBytes, 4 * d) & 0xFFFF_FFFFL;
            if (size == 0) {
                throw DataFileErrors.corrupt(file, "dimension " + d + " is 0, expected a positive size", howToGet);
            }
            // Checked before multiplying, so the product cannot overflow and no array is sized from it.
            if (size > MAX_PAYLOAD / payload) {
                throw DataFileErrors.corrupt(file, "its header declares " + shape(dimBytes, rank) + " bytes of data, more"
                        + " than the " + MAX_PAYLOAD + " one array can hold", howToGet);
            }
            dims[d] = (int) size;
            payload *= size;
        }
        long expected = headerSize + payload;
        if (plainSize >= 0 && plainSize != expected) {
            if (plainSize < expected) {
                throw DataFileErrors.truncated(file, expected, plainSize, howToGet);
            }
            throw DataFileErrors.corrupt(file, "expected " + expected + " bytes, found " + plainSize
                    + " (trailing data)", howToGet);
        }
        byte[] data = in.readNBytes((int) payload);
        if (data.length < payload) {
            throw DataFileErrors.truncated(file, expected, headerSize + data.length, howToGet);
        }
        if (in.read() >= 0) {
            throw DataFileErrors.corrupt(file, "data continues past the " + expected + " bytes its header announces",
                    howToGet);
        }
        return new Idx(dims, data);
    }

    /** The declared dimensions, unsigned, as "a x b x c". */
    private static String shape(byte[] dimBytes, int rank) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < rank; d++) {
            sb.append(d == 0 ? "" : " x ").append(toInt(dimBytes, 4 * d) & 0xFFFF_FFFFL);
        }
        return sb.toString();
    }

    private static int toInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
