package org.distillnas.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Checks a PNG file's chunk structure before the JDK's decoder sees it, and keeps only the chunks
 * that decide its pixels.
 *
 * <p>The JDK decoder sizes buffers from declared chunk lengths and image sizes, and for palette
 * images parses (and inflates) ancillary chunks even when asked to ignore metadata; it does not
 * check CRCs, so a damaged file can silently decode to wrong pixels. Here every chunk must lie
 * within the file and match its CRC, the header must describe a PNG the specification allows, and
 * the declared size must fit what the compressed data can expand to. Ancillary chunks other than
 * {@code tRNS} are dropped: {@code ImageIO.read} ignores them anyway, so the pixels are the same.
 */
final class PngChunks {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Deflate's largest expansion: a byte of compressed data yields at most this many bytes. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final Set<String> KEPT = Set.of("IHDR", "PLTE", "tRNS", "IDAT", "IEND");

    private PngChunks() {}

    /** True if {@code bytes} start with the PNG signature. */
    static boolean isPng(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The file's critical chunks (and {@code tRNS}), checked, as a PNG of their own.
     *
     * @param png a file starting with the PNG signature
     * @throws org.distillnas.util.BadInputException naming the file, the chunk and the bad value
     */
    static byte[] validated(byte[] png, Path file, String howToGet) {
        ByteBuffer b = ByteBuffer.wrap(png);
        ByteArrayOutputStream kept = new ByteArrayOutputStream(png.length);
        kept.write(SIGNATURE, 0, SIGNATURE.length);
        long idatBytes = 0;
        int at = SIGNATURE.length;
        String type = null;
        for (int index = 0; !"IEND".equals(type); index++) {
            if (png.length - at < 12) {
                throw DataFileErrors.truncated(file, "it ends at byte " + png.length + ", before the PNG's IEND chunk",
                        howToGet);
            }
            long length = b.getInt(at) & 0xFFFF_FFFFL;
            type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            String where = "PNG chunk " + index + " (" + printable(type) + ") at byte " + at;
            if (length > png.length - at - 12L) {
                throw DataFileErrors.corrupt(file, where + " declares " + length + " bytes, but only "
                        + (png.length - at - 12) + " follow it (truncated file?)", howToGet);
            }
            int data = at + 8;
            int crcAt = data + (int) length;
            CRC32 crc = new CRC32();
            crc.update(png, at + 4, 4 + (int) length);
            long stored = b.getInt(crcAt) & 0xFFFF_FFFFL;
            if (crc.getValue() != stored) {
                throw DataFileErrors.corrupt(file, where + " has CRC " + Long.toHexString(stored) + " but its bytes give "
                        + Long.toHexString(crc.getValue()) + " (damaged file)", howToGet);
            }
            if (index == 0 && (!type.equals("IHDR") || length != 13)) {
                throw DataFileErrors.corrupt(file, "the PNG starts with " + where + " of " + length
                        + " bytes, expected the 13-byte IHDR", howToGet);
            }
            if (type.equals("IDAT")) {
                idatBytes += length;
            }
            if (KEPT.contains(type)) {
                kept.write(png, at, 12 + (int) length);
            }
            at = crcAt + 4;
        }
        // Bytes after IEND are ignored, as libpng ignores them.
        checkHeader(b, idatBytes, file, howToGet);
        return kept.toByteArray();
    }

    /** The IHDR's size, bit depth and colour type must be valid, and the size fit the compressed data. */
    private static void checkHeader(ByteBuffer b, long idatBytes, Path file, String howToGet) {
        long width = b.getInt(16) & 0xFFFF_FFFFL;
        long height = b.getInt(20) & 0xFFFF_FFFFL;
        int depth = b.get(24) & 0xFF;
        int colourType = b.get(25) & 0xFF;
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw DataFileErrors.corrupt(file, "the PNG header declares " + width + " x " + height
                    + " pixels, expected sizes from 1 to " + Integer.MAX_VALUE, howToGet);
        }
        int samples = switch (colourType) {
            case 0, 3 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> throw DataFileErrors.corrupt(file, "the PNG header declares colour type " + colourType
                    + ", which PNG does not define", howToGet);
        };
        if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16) {
            throw DataFileErrors.corrupt(file, "the PNG header declares bit depth " + depth
                    + ", expected 1, 2, 4, 8 or 16", howToGet);
        }
        // At least the pixels' own bits must come out of the compressed data. Width and height are
        // below 2^31 and the bound below 2^46 bits, so neither side overflows a long.
        long pixels = width * height;
        long bitsPerPixel = (long) samples * depth;
        long bitsAvailable = MAX_DEFLATE_RATIO * (idatBytes + 1) * 8;
        if (pixels > bitsAvailable / bitsPerPixel) {
            throw DataFileErrors.corrupt(file, "the PNG header declares " + width + " x " + height + " pixels of "
                    + bitsPerPixel + " bits, more than its " + idatBytes + " bytes of compressed data can hold", howToGet);
        }
    }

    /** A chunk type read from the file, safe to print: non-letters shown as their code. */
    private static String printable(String type) {
        StringBuilder sb = new StringBuilder();
        for (char c : type.toCharArray()) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                sb.append(c);
            } else {
                sb.append("\\x").append(String.format("%02x", (int) c));
            }
        }
        return sb.toString();
    }
}
