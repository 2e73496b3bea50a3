package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * A set of record IDs, kept compactly as a Roaring bitmap (Lemire et al., "Consistently faster and
 * smaller compressed bitmaps with Roaring", 2016): which records a model version holds, or which a
 * model keeps for evaluation. Immutable; operations return new sets.
 */
public final class Lineage {

    private static final Lineage EMPTY = new Lineage(new Roaring64NavigableMap());

    private final Roaring64NavigableMap bits;

    private Lineage(Roaring64NavigableMap bits) {
        this.bits = bits;
    }

    public static Lineage empty() {
        return EMPTY;
    }

    public static Lineage of(long... ids) {
        Roaring64NavigableMap b = new Roaring64NavigableMap();
        for (long id : ids) {
            b.addLong(id);
        }
        b.runOptimize();
        return new Lineage(b);
    }

    public boolean contains(long id) {
        return bits.contains(id);
    }

    public long size() {
        return bits.getLongCardinality();
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /** The IDs in both sets. */
    public Lineage and(Lineage other) {
        Roaring64NavigableMap b = copy();
        b.and(other.bits);
        return new Lineage(b);
    }

    /** The IDs here and not in {@code other}. */
    public Lineage andNot(Lineage other) {
        Roaring64NavigableMap b = copy();
        b.andNot(other.bits);
        return new Lineage(b);
    }

    public boolean intersects(Lineage other) {
        return !and(other).isEmpty();
    }

    /** The IDs in ascending order. */
    public long[] toArray() {
        return bits.toArray();
    }

    private Roaring64NavigableMap copy() {
        Roaring64NavigableMap b = new Roaring64NavigableMap();
        b.or(bits);
        return b;
    }

    /** The bitmap in Roaring's portable format. */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buf)) {
                bits.serializePortable(out);
            }
            return buf.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a lineage bitmap", e);
        }
    }

    public static Lineage fromBytes(byte[] bytes) {
        Roaring64NavigableMap b = new Roaring64NavigableMap();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            b.deserializePortable(in);
        } catch (IOException | RuntimeException e) {
            throw new StoreException(Kind.INTERNAL, "corrupted lineage bitmap: " + e.getMessage(), e);
        }
        return new Lineage(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lineage l && bits.equals(l.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        return "Lineage[" + size() + " records]";
    }
}
