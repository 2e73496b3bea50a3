package dev.lethe.model;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Training records written by reference, for a registry that stores the rows once (its dataset) and
 * keeps per model version only what is the model's own:
 * <pre>
 *   schema
 *   boolean  whether the rows carry subjects
 *   byte     ID layout (0 list of longs, 1 a range first..first+n-1, 2 ascending: first, n, bitmap of id - first,
 *            3 held by the reader: n only, {@link RecordSource#heldIds})
 *   …        the record ID of every row, in row order
 *   long[]   the removed rows (bitmap)
 *   long     content hash of the live rows (record ID, target, features, subject)
 * </pre>
 * Reading resolves the live rows through a {@link RecordSource}, rebuilds removed rows as the
 * embedded form writes them (ID kept, values 0, no subject) and checks the content hash, so a source
 * whose rows changed since the state was written is refused instead of silently loaded.
 */
final class RecordReferences {

    private static final int LIST = 0;
    private static final int RANGE = 1;
    private static final int ASCENDING = 2;
    private static final int HELD = 3;

    private RecordReferences() {
    }

    static void write(DataOutputStream out, Dataset data, BitSet removed, long liveHash) throws IOException {
        StateCodec.writeSchema(out, data.schema());
        out.writeBoolean(data.hasSubjects());
        if (ModelStateOutput.idsHeld(out)) {
            out.writeByte(HELD);
            out.writeInt(data.size());
        } else {
            writeIds(out, data.recordIds());
        }
        StateCodec.writeLongs(out, removed.toLongArray());
        out.writeLong(liveHash);
    }

    /** What {@link #read} resolved: the rows (removed ones blank), the removed rows, the expected content hash. */
    record Resolved(Dataset.Erasable data, BitSet removed, long liveHash) {
    }

    static Resolved read(DataInputStream in, RecordSource source) throws IOException {
        Schema schema = StateCodec.readSchema(in);
        boolean hasSubjects = in.readBoolean();
        long[] ids = readIds(in, source);
        int n = ids.length;
        BitSet removed = BitSet.valueOf(StateCodec.readLongs(in));
        if (removed.length() > n) {
            throw new ModelFileException("corrupted model state: removed row " + (removed.length() - 1) + " of " + n);
        }
        long liveHash = in.readLong();
        long[] live = new long[n - removed.cardinality()];
        for (int i = removed.nextClearBit(0), k = 0; i < n; i = removed.nextClearBit(i + 1)) {
            live[k++] = ids[i];
        }
        Dataset rows = live.length == 0 ? null : source.rows(schema, live);
        if (rows != null && (rows.size() != live.length || !rows.schema().equals(schema))) {
            throw new ModelFileException("the record source returned " + rows.size() + " rows of schema " + rows.schema()
                    + " for " + live.length + " records of schema " + schema);
        }
        int d = schema.numFeatures();
        double[] values = new double[Math.multiplyExact(n, d)];
        double[] targets = new double[n];
        String[] subjects = hasSubjects ? new String[n] : null;
        Map<Long, Integer> at = rows == null || inOrder(rows, live) ? null : indexOf(rows);
        double[] row = new double[d];
        for (int i = removed.nextClearBit(0), k = 0; i < n; i = removed.nextClearBit(i + 1), k++) {
            int r = k;
            if (at != null) {
                Integer found = at.get(ids[i]);
                if (found == null) {
                    throw new ModelFileException("the record source did not return record " + ids[i]);
                }
                r = found;
            }
            System.arraycopy(rows.copyRow(r, row), 0, values, i * d, d);
            targets[i] = rows.target(r);
            if (subjects != null) {
                subjects[i] = rows.subjectId(r);
            }
        }
        try {
            return new Resolved(Dataset.Erasable.of(schema, values, targets, ids, subjects), removed, liveHash);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("corrupted model state: " + e.getMessage());
        }
    }

    private static boolean inOrder(Dataset rows, long[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (rows.recordId(i) != ids[i]) {
                return false;
            }
        }
        return true;
    }

    private static Map<Long, Integer> indexOf(Dataset rows) {
        Map<Long, Integer> at = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            at.put(rows.recordId(i), i);
        }
        return at;
    }

    /** An order-independent hash term of one row's content: the terms of the live rows are summed. */
    static long rowHash(Dataset data, int i, double[] scratch) {
        long h = start(data, i);
        for (double v : data.copyRow(i, scratch)) {
            h = TrainingRecords.mix(h + Double.doubleToLongBits(v));
        }
        return finish(data, i, h);
    }

    private static long start(Dataset data, int i) {
        return TrainingRecords.mix(TrainingRecords.mix(data.recordId(i) ^ 0x9e3779b97f4a7c15L)
                ^ Double.doubleToLongBits(data.target(i)));
    }

    private static long finish(Dataset data, int i, long h) {
        String s = data.subjectId(i);
        return TrainingRecords.mix(h ^ (s == null ? 0x5bd1e995L : ((long) s.length() << 32) ^ s.hashCode()));
    }

    /**
     * The sum of {@link #rowHash} over the rows not in {@code removed}, the same value computed four rows at a
     * time: a row's hash is one long chain of dependent mixes (one per value), so four independent chains
     * side by side let the processor overlap them. About three times faster on a wide row (an image), which
     * matters because a model's state digest starts with it.
     */
    static long liveRowHashSum(Dataset data, BitSet removed) {
        int[] live = new int[data.size() - removed.cardinality()];
        for (int i = removed.nextClearBit(0), k = 0; i < data.size(); i = removed.nextClearBit(i + 1)) {
            live[k++] = i;
        }
        int f = data.numFeatures();
        double[] a = new double[f];
        double[] b = new double[f];
        double[] c = new double[f];
        double[] d = new double[f];
        long sum = 0;
        int k = 0;
        for (; k + 4 <= live.length; k += 4) {
            data.copyRow(live[k], a);
            data.copyRow(live[k + 1], b);
            data.copyRow(live[k + 2], c);
            data.copyRow(live[k + 3], d);
            long ha = start(data, live[k]);
            long hb = start(data, live[k + 1]);
            long hc = start(data, live[k + 2]);
            long hd = start(data, live[k + 3]);
            for (int j = 0; j < f; j++) {
                ha = TrainingRecords.mix(ha + Double.doubleToLongBits(a[j]));
                hb = TrainingRecords.mix(hb + Double.doubleToLongBits(b[j]));
                hc = TrainingRecords.mix(hc + Double.doubleToLongBits(c[j]));
                hd = TrainingRecords.mix(hd + Double.doubleToLongBits(d[j]));
            }
            sum += finish(data, live[k], ha) + finish(data, live[k + 1], hb) + finish(data, live[k + 2], hc)
                    + finish(data, live[k + 3], hd);
        }
        for (; k < live.length; k++) {
            sum += rowHash(data, live[k], a);
        }
        return sum;
    }

    static void writeIds(DataOutputStream out, long[] ids) throws IOException {
        int n = ids.length;
        boolean ascending = true;
        for (int i = 1; i < n && ascending; i++) {
            ascending = ids[i] > ids[i - 1];
        }
        long span = n == 0 ? 0 : ids[n - 1] - ids[0] + 1;
        if (n == 0 || ascending && span == n) {
            out.writeByte(RANGE);
            out.writeLong(n == 0 ? 0 : ids[0]);
            out.writeInt(n);
        } else if (ascending && span > 0 && span < Integer.MAX_VALUE && span / 64 < n) {
            out.writeByte(ASCENDING);
            out.writeLong(ids[0]);
            out.writeInt(n);
            BitSet offsets = new BitSet((int) span);
            for (long id : ids) {
                offsets.set((int) (id - ids[0]));
            }
            StateCodec.writeLongs(out, offsets.toLongArray());
        } else {
            out.writeByte(LIST);
            StateCodec.writeLongs(out, ids);
        }
    }

    static long[] readIds(DataInputStream in, RecordSource source) throws IOException {
        int layout = in.readByte();
        if (layout == LIST) {
            return StateCodec.readLongs(in);
        }
        if (layout == HELD) {
            int n = in.readInt();
            long[] ids = n < 0 || n > StateCodec.MAX_LENGTH ? null : source.heldIds(n);
            if (ids == null || ids.length != n) {
                throw new ModelFileException("corrupted model state: " + n + " records held by the reader, which holds "
                        + (ids == null ? "none" : ids.length));
            }
            return ids;
        }
        if (layout != RANGE && layout != ASCENDING) {
            throw new ModelFileException("corrupted model state: record ID layout " + layout);
        }
        long first = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > StateCodec.MAX_LENGTH) {
            throw new ModelFileException("corrupted model state: " + n + " records");
        }
        long[] ids = new long[n];
        if (layout == RANGE) {
            for (int i = 0; i < n; i++) {
                ids[i] = first + i;
            }
            return ids;
        }
        BitSet offsets = BitSet.valueOf(StateCodec.readLongs(in));
        if (offsets.cardinality() != n || !offsets.get(0)) {
            throw new ModelFileException("corrupted model state: a record ID bitmap of " + offsets.cardinality()
                    + " IDs for " + n + " records");
        }
        for (int b = offsets.nextSetBit(0), i = 0; b >= 0; b = offsets.nextSetBit(b + 1)) {
            ids[i++] = first + b;
        }
        return ids;
    }
}
