package dev.lethe.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each request's own records within one model's forget of a whole batch, as one compact value (a
 * row of {@code model_batch_receipts}): per request, in batch order, its ID (UTF-8) and its record
 * IDs as zig-zag varint deltas. A batch of 5,000 subject requests of 5 records takes about 100 KiB
 * where one row per request took 5,000 inserts and 5,000 index entries.
 */
final class RequestShares {

    private RequestShares() {
    }

    static byte[] encode(Map<String, long[]> shares) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(shares.size() * 24 + 8);
        writeVar(out, shares.size());
        shares.forEach((id, records) -> {
            byte[] name = id.getBytes(StandardCharsets.UTF_8);
            writeVar(out, name.length);
            out.writeBytes(name);
            writeVar(out, records.length);
            long previous = 0;
            for (long r : records) {
                long delta = r - previous;
                writeVar(out, (delta << 1) ^ (delta >> 63));
                previous = r;
            }
        });
        return out.toByteArray();
    }

    /** Every request's records, in batch order. */
    static Map<String, long[]> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int n = (int) readVar(in);
        Map<String, long[]> out = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String id = name(in);
            out.put(id, records(in));
        }
        return out;
    }

    /** One request's records, or {@code null} when the request has no share. */
    static long[] find(byte[] bytes, String requestId) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] wanted = requestId.getBytes(StandardCharsets.UTF_8);
        int n = (int) readVar(in);
        for (int i = 0; i < n; i++) {
            int length = (int) readVar(in);
            boolean match = length == wanted.length && ByteBuffer.wrap(bytes, in.position(), length).equals(ByteBuffer.wrap(wanted));
            in.position(in.position() + length);
            if (match) {
                return records(in);
            }
            int count = (int) readVar(in);
            for (int k = 0; k < count; k++) {
                readVar(in);
            }
        }
        return null;
    }

    private static String name(ByteBuffer in) {
        int length = (int) readVar(in);
        String id = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return id;
    }

    private static long[] records(ByteBuffer in) {
        long[] records = new long[(int) readVar(in)];
        long previous = 0;
        for (int k = 0; k < records.length; k++) {
            long z = readVar(in);
            previous += (z >>> 1) ^ -(z & 1);
            records[k] = previous;
        }
        return records;
    }

    private static void writeVar(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVar(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }
}
