package org.distillnas.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/** Edits PNG files at the chunk level, for tests that need a damaged but plausible PNG. */
final class PngBytes {
    private PngBytes() {}

    /** A chunk: where its length field is, its declared length and its type. */
    record Chunk(int offset, int length, String type) {}

    /** The chunks of a well-formed PNG, in file order. */
    static List<Chunk> chunks(byte[] png) {
        List<Chunk> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png);
        int at = 8;
        while (at + 8 <= png.length) {
            int length = b.getInt(at);
            out.add(new Chunk(at, length, new String(png, at + 4, 4, StandardCharsets.ISO_8859_1)));
            at += 12 + length;
        }
        return out;
    }

    /** A copy with the IHDR's width and height replaced, and its CRC recomputed if {@code fixCrc}. */
    static byte[] withSize(byte[] png, int width, int height, boolean fixCrc) {
        byte[] out = png.clone();
        ByteBuffer.wrap(out).putInt(16, width).putInt(20, height);
        if (fixCrc) {
            fixCrc(out, 8);
        }
        return out;
    }

    /**
     * A copy with a chunk inserted after the IHDR: {@code type} and {@code data}, but declaring
     * {@code declaredLength}, with the CRC the real bytes would have.
     */
    static byte[] withChunkAfterHeader(byte[] png, String type, int declaredLength, byte[] data) {
        int at = 8 + 12 + 13;
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(declaredLength).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        byte[] out = new byte[png.length + chunk.capacity()];
        System.arraycopy(png, 0, out, 0, at);
        System.arraycopy(chunk.array(), 0, out, at, chunk.capacity());
        System.arraycopy(png, at, out, at + chunk.capacity(), png.length - at);
        return out;
    }

    /** Recomputes the CRC of the chunk whose length field is at {@code offset}. */
    static void fixCrc(byte[] png, int offset) {
        int length = ByteBuffer.wrap(png).getInt(offset);
        CRC32 crc = new CRC32();
        crc.update(png, offset + 4, 4 + length);
        ByteBuffer.wrap(png).putInt(offset + 8 + length, (int) crc.getValue());
    }

    /** The offset of a JPEG's start-of-frame segment marker (SOF0 or SOF2), or -1. */
    static int jpegFrame(byte[] jpeg) {
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && ((jpeg[i + 1] & 0xFF) == 0xC0 || (jpeg[i + 1] & 0xFF) == 0xC2)) {
                return i;
            }
        }
        return -1;
    }

    static boolean isPng(byte[] bytes) {
        return bytes.length > 8 && Arrays.equals(Arrays.copyOf(bytes, 4), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }
}
