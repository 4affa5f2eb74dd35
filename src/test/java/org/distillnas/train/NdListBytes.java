package org.distillnas.train;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes DJL's NDList encoding by hand, recording where each declared count and size sits, so
 * tests can damage exactly those fields or build files DJL's own encoder would never write.
 * {@code CheckpointMutationTest} checks the bytes equal what DJL writes for the same arrays.
 */
final class NdListBytes {
    /** One array to encode: raw data bytes in the machine's (little-endian) order. */
    record Array(String name, String type, long[] shape, byte[] data) {}

    /** A declared size: where it is, how wide (4 or 8 bytes, big-endian) and what it counts. */
    record Field(int offset, int width, String what) {}

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final List<Field> sizeFields = new ArrayList<>();

    /** Encodes {@code arrays} as DJL 0.35's {@code NDList.encode} does. */
    static NdListBytes of(List<Array> arrays) {
        NdListBytes b = new NdListBytes();
        try {
            b.field(4, "the number of arrays");
            b.out.writeInt(arrays.size());
            for (Array a : arrays) {
                b.out.writeUTF("NDAR");
                b.out.writeInt(3);
                b.out.writeByte(1);
                b.field(2, "the name length of " + a.name());
                b.out.writeUTF(a.name());
                b.out.writeUTF("DENSE");
                b.out.writeUTF(a.type());
                b.field(4, "the rank of " + a.name());
                b.out.writeInt(a.shape().length);
                for (int d = 0; d < a.shape().length; d++) {
                    b.field(8, "dimension " + d + " of " + a.name());
                    b.out.writeLong(a.shape()[d]);
                }
                b.field(4, "the layout length of " + a.name());
                b.out.writeInt(a.shape().length);
                for (int d = 0; d < a.shape().length; d++) {
                    b.out.writeChar('?');
                }
                b.out.writeByte('<');
                b.field(4, "the data length of " + a.name());
                b.out.writeInt(a.data().length);
                b.out.write(a.data());
            }
            b.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    /** Every declared count or size, in file order. */
    List<Field> sizeFields() {
        return sizeFields;
    }

    private void field(int width, String what) {
        sizeFields.add(new Field(out.size(), width, what));
    }
}
