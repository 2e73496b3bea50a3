package dev.lethe.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Feeds a model's state into SHA-256: the digest a receipt shows before and after a forget. */
public final class StateDigest {

    /** Cloning a prototype is several times cheaper than {@link MessageDigest#getInstance} on the forget path. */
    private static final MessageDigest PROTOTYPE = Digests.sha256();

    private final MessageDigest sha = fresh();
    private final ByteBuffer buf = ByteBuffer.allocate(8 * 256);

    private static MessageDigest fresh() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return Digests.sha256();
        }
    }

    private void flushIfFull(int need) {
        if (buf.remaining() < need) {
            flush();
        }
    }

    private void flush() {
        sha.update(buf.array(), 0, buf.position());
        buf.clear();
    }

    public StateDigest add(long v) {
        flushIfFull(8);
        buf.putLong(v);
        return this;
    }

    public StateDigest add(double v) {
        flushIfFull(8);
        buf.putDouble(v);
        return this;
    }

    public StateDigest add(double[] values) {
        add(values.length);
        for (double v : values) {
            add(v);
        }
        return this;
    }

    public StateDigest add(long[] values) {
        add(values.length);
        for (long v : values) {
            add(v);
        }
        return this;
    }

    public StateDigest add(String s) {
        flush();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        add(bytes.length);
        flush();
        sha.update(bytes);
        return this;
    }

    public String hex() {
        flush();
        return Digests.hex(sha.digest());
    }
}
