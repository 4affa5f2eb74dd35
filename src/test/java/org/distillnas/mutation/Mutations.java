package org.distillnas.mutation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Byte-level damage to a valid file: cutting it short, flipping bytes, appending junk, and
 * overwriting a declared size with a value far beyond any real file. Each result says how it was
 * made, so a failing case can be understood without rerunning it.
 */
public final class Mutations {
    /**
     * Values a corrupted or hostile size field takes: sign bits, all ones, powers of two past any
     * real file. Written into a narrower field they keep their low bytes.
     */
    private static final long[] HUGE = {
        1L << 31, (1L << 31) - 1, 1L << 32, (1L << 32) - 1, 1L << 40, 1L << 62, Long.MAX_VALUE,
        -1L, Long.MIN_VALUE, 0x7FFF_FFF0L, 0xFFFF_FFF0L, 65_535L, 1L << 20,
    };

    private Mutations() {}

    /** Mutated bytes and a one-line description of the damage. */
    public record Mutated(byte[] bytes, String how) {}

    /** A value from {@link #HUGE}. */
    public static long huge(Random r) {
        return HUGE[r.nextInt(HUGE.length)];
    }

    /** The first {@code n} bytes, for a random {@code n} below the length. */
    public static Mutated truncate(byte[] in, Random r) {
        int n = in.length == 0 ? 0 : r.nextInt(in.length);
        return new Mutated(Arrays.copyOf(in, n), "truncated to " + n + " of " + in.length + " bytes");
    }

    /** One to four bytes anywhere changed to other values. */
    public static Mutated flip(byte[] in, Random r) {
        return flipIn(in, 0, in.length, r);
    }

    /** One to four bytes in {@code [from, to)} changed to other values. */
    public static Mutated flipIn(byte[] in, int from, int to, Random r) {
        byte[] out = in.clone();
        if (to <= from) {
            return new Mutated(out, "nothing to flip");
        }
        int count = 1 + r.nextInt(4);
        StringBuilder how = new StringBuilder("flipped bytes at");
        for (int i = 0; i < count; i++) {
            int at = from + r.nextInt(to - from);
            out[at] ^= (byte) (1 + r.nextInt(255));
            how.append(' ').append(at);
        }
        return new Mutated(out, how.toString());
    }

    /** One to 64 random bytes added at the end. */
    public static Mutated append(byte[] in, Random r) {
        int extra = 1 + r.nextInt(64);
        byte[] out = Arrays.copyOf(in, in.length + extra);
        for (int i = in.length; i < out.length; i++) {
            out[i] = (byte) r.nextInt(256);
        }
        return new Mutated(out, "appended " + extra + " random bytes");
    }

    /** Truncation, flips or appended bytes, chosen at random. */
    public static Mutated any(byte[] in, Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> truncate(in, r);
            case 1 -> flip(in, r);
            default -> append(in, r);
        };
    }

    /**
     * The field of {@code width} bytes (1, 2, 4 or 8) at {@code offset} overwritten with the low
     * bytes of {@code value}.
     */
    public static Mutated overwrite(byte[] in, int offset, int width, ByteOrder order, long value, String field) {
        byte[] out = in.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(order);
        switch (width) {
            case 1 -> b.put(offset, (byte) value);
            case 2 -> b.putShort(offset, (short) value);
            case 4 -> b.putInt(offset, (int) value);
            case 8 -> b.putLong(offset, value);
            default -> throw new IllegalArgumentException("field width " + width);
        }
        // What the field now holds, read back unsigned: a wide value keeps only its low bytes.
        long written = switch (width) {
            case 1 -> b.get(offset) & 0xFFL;
            case 2 -> b.getShort(offset) & 0xFFFFL;
            case 4 -> b.getInt(offset) & 0xFFFF_FFFFL;
            default -> b.getLong(offset);
        };
        return new Mutated(out, field + " at byte " + offset + " set to " + Long.toUnsignedString(written) + " ("
                + width + " bytes, " + order + ")");
    }
}
