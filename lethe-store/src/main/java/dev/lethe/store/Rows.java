package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;

import java.nio.ByteBuffer;

/** Encodes a record's feature values as bytes for the {@code records} table, and back. */
final class Rows {

    private Rows() {
    }

    static byte[] encode(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    static void decode(byte[] bytes, double[] into, int offset, int count) {
        if (bytes.length != count * 8) {
            throw new StoreException(Kind.INTERNAL, "corrupted record: " + bytes.length + " bytes of features, expected " + count * 8);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int j = 0; j < count; j++) {
            into[offset + j] = b.getDouble();
        }
    }
}
