package dev.lethe.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Feeds a model's state into SHA-256: the digest a receipt shows before and after a forget.
 *
 * <p>It sits on the forget path of families that forget in a microsecond, so it reuses a per-thread
 * SHA-256 instance and buffer instead of allocating them for every digest (a nested digest, e.g. of
 * an ensemble member while the ensemble is being digested, gets fresh ones).
 */
public final class StateDigest {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A reusable SHA-256 instance and buffer for one thread. */
    private static final class Scratch {
        final MessageDigest sha = Digests.sha256();
        final ByteBuffer buf = ByteBuffer.allocate(8 * 512);
        boolean inUse;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Scratch scratch;
    private final MessageDigest sha;
    private final ByteBuffer buf;

    public StateDigest() {
        Scratch s = SCRATCH.get();
        if (s.inUse) {
            s = new Scratch();
        }
        s.inUse = true;
        s.sha.reset();
        s.buf.clear();
        this.scratch = s;
        this.sha = s.sha;
        this.buf = s.buf;
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
        buf.putLong(Double.doubleToRawLongBits(v));
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
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        add(bytes.length);
        if (buf.remaining() < bytes.length) {
            flush();
            sha.update(bytes);
        } else {
            buf.put(bytes);
        }
        return this;
    }

    /** The digest in hex. The digest cannot be used afterwards. */
    public String hex() {
        flush();
        byte[] d = sha.digest();
        scratch.inUse = false;
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }
}
