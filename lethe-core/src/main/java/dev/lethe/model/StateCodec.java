package dev.lethe.model;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.FeatureType;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the building blocks of model files: arrays, maps, schemas, datasets, provenance.
 * Every length read back is checked, so a corrupted file fails with a message instead of an
 * out-of-memory error.
 */
public final class StateCodec {

    /** Larger counts than this in a model file mean corruption, not data. */
    static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

    private StateCodec() {
    }

    public static int readLength(DataInputStream in, long remainingBytesPerItem) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_LENGTH) {
            throw new ModelFileException("corrupted model state: length " + n);
        }
        long available = in.available();
        if (remainingBytesPerItem > 0 && available >= 0 && (long) n * remainingBytesPerItem > available) {
            throw new ModelFileException("corrupted model state: " + n + " items do not fit in the " + available
                    + " bytes left");
        }
        return n;
    }

    // Arrays move in chunks through a byte buffer (big-endian, the very bytes DataOutputStream writes
    // value by value): model files hold arrays of millions of values, and value by value each costs
    // several calls into the stream.
    private static final int CHUNK = 8192;

    public static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(8 * Math.min(CHUNK, values.length));
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            buffer.clear();
            buffer.asDoubleBuffer().put(values, from, n);
            out.write(buffer.array(), 0, 8 * n);
        }
    }

    public static double[] readDoubles(DataInputStream in) throws IOException {
        double[] values = new double[readLength(in, 8)];
        byte[] bytes = new byte[8 * Math.min(CHUNK, values.length)];
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            in.readFully(bytes, 0, 8 * n);
            ByteBuffer.wrap(bytes, 0, 8 * n).asDoubleBuffer().get(values, from, n);
        }
        return values;
    }

    public static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(4 * Math.min(CHUNK, values.length));
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            buffer.clear();
            buffer.asIntBuffer().put(values, from, n);
            out.write(buffer.array(), 0, 4 * n);
        }
    }

    public static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[readLength(in, 4)];
        byte[] bytes = new byte[4 * Math.min(CHUNK, values.length)];
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            in.readFully(bytes, 0, 4 * n);
            ByteBuffer.wrap(bytes, 0, 4 * n).asIntBuffer().get(values, from, n);
        }
        return values;
    }

    public static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(8 * Math.min(CHUNK, values.length));
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            buffer.clear();
            buffer.asLongBuffer().put(values, from, n);
            out.write(buffer.array(), 0, 8 * n);
        }
    }

    public static long[] readLongs(DataInputStream in) throws IOException {
        long[] values = new long[readLength(in, 8)];
        byte[] bytes = new byte[8 * Math.min(CHUNK, values.length)];
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            in.readFully(bytes, 0, 8 * n);
            ByteBuffer.wrap(bytes, 0, 8 * n).asLongBuffer().get(values, from, n);
        }
        return values;
    }

    public static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    public static List<String> readStrings(DataInputStream in) throws IOException {
        int n = readLength(in, 2);
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readUTF());
        }
        return values;
    }

    public static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    public static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = readLength(in, 4);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
    }

    /** Set on an attribute's type byte when its levels are followed by the indices of tombstoned levels. */
    private static final int TOMBSTONES = 0x80;

    /**
     * Writes an attribute. A tombstoned level (see {@link Attribute}) is written as an empty string
     * and listed after the levels, flagged in the type byte, so the forgotten value never reaches the
     * file; attributes without tombstones keep the layout files had before.
     */
    public static void writeAttribute(DataOutputStream out, Attribute a) throws IOException {
        out.writeUTF(a.name());
        List<String> levels = a.levels();
        List<Integer> tombstones = new ArrayList<>();
        List<String> written = new ArrayList<>(levels.size());
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i) == null) {
                tombstones.add(i);
            }
            written.add(levels.get(i) == null ? "" : levels.get(i));
        }
        out.writeByte(a.type().ordinal() | (tombstones.isEmpty() ? 0 : TOMBSTONES));
        writeStrings(out, written);
        if (!tombstones.isEmpty()) {
            writeInts(out, tombstones.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    public static Attribute readAttribute(DataInputStream in) throws IOException {
        String name = in.readUTF();
        int flags = in.readUnsignedByte();
        int type = flags & ~TOMBSTONES;
        if (type >= FeatureType.values().length) {
            throw new ModelFileException("corrupted model state: attribute type " + flags);
        }
        List<String> levels = new ArrayList<>(readStrings(in));
        if ((flags & TOMBSTONES) != 0) {
            for (int i : readInts(in)) {
                if (i < 0 || i >= levels.size()) {
                    throw new ModelFileException("corrupted model state: tombstoned level " + i + " of attribute '"
                            + LetheException.quote(name) + "'");
                }
                levels.set(i, null);
            }
        }
        try {
            return new Attribute(name, FeatureType.values()[type], levels);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("corrupted model state: " + e.getMessage());
        }
    }

    public static void writeSchema(DataOutputStream out, Schema s) throws IOException {
        out.writeInt(s.numFeatures());
        for (Attribute a : s.features()) {
            writeAttribute(out, a);
        }
        writeAttribute(out, s.target());
        out.writeByte(s.task().ordinal());
    }

    public static Schema readSchema(DataInputStream in) throws IOException {
        int d = readLength(in, 4);
        List<Attribute> features = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            features.add(readAttribute(in));
        }
        Attribute target = readAttribute(in);
        int task = in.readByte();
        if (task < 0 || task >= Task.values().length) {
            throw new ModelFileException("corrupted model state: task " + task);
        }
        try {
            return new Schema(features, target, Task.values()[task]);
        } catch (dev.lethe.data.DataException e) {
            throw new ModelFileException("corrupted model state: " + e.getMessage());
        }
    }

    /** Writes a dataset (materialising a view) with its schema, IDs, subjects, features and targets. */
    public static void writeDataset(DataOutputStream out, Dataset data) throws IOException {
        writeDataset(out, data, row -> false);
    }

    /**
     * Writes a dataset, scrubbing the rows {@code scrub} selects: they keep their record ID (and so
     * their position) but their features and target are written as 0 and their subject as absent,
     * so a model file never holds the data of records the model has forgotten.
     */
    public static void writeDataset(DataOutputStream out, Dataset data, java.util.function.IntPredicate scrub)
            throws IOException {
        writeSchema(out, data.schema());
        int n = data.size();
        int d = data.numFeatures();
        out.writeInt(n);
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            boolean scrubbed = scrub.test(i);
            out.writeLong(data.recordId(i));
            out.writeDouble(scrubbed ? 0 : data.target(i));
            data.copyRow(i, row);
            for (double v : row) {
                out.writeDouble(scrubbed ? 0 : v);
            }
        }
        out.writeBoolean(data.hasSubjects());
        if (data.hasSubjects()) {
            for (int i = 0; i < n; i++) {
                String s = scrub.test(i) ? null : data.subjectId(i);
                out.writeBoolean(s != null);
                if (s != null) {
                    out.writeUTF(s);
                }
            }
        }
    }

    public static Dataset readDataset(DataInputStream in) throws IOException {
        return readErasableDataset(in).data();
    }

    /** Reads a dataset into arrays only the caller holds, so it may erase rows of it in place. */
    static Dataset.Erasable readErasableDataset(DataInputStream in) throws IOException {
        Schema schema = readSchema(in);
        int d = schema.numFeatures();
        int n = readLength(in, 16L + 8L * d);
        double[] values = new double[Math.multiplyExact(n, d)];
        double[] targets = new double[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = in.readLong();
            targets[i] = in.readDouble();
            for (int j = 0; j < d; j++) {
                values[i * d + j] = in.readDouble();
            }
        }
        String[] subjects = null;
        if (in.readBoolean()) {
            subjects = new String[n];
            for (int i = 0; i < n; i++) {
                subjects[i] = in.readBoolean() ? in.readUTF() : null;
            }
        }
        try {
            return Dataset.Erasable.of(schema, values, targets, ids, subjects);
        } catch (dev.lethe.data.DataException | IllegalArgumentException e) {
            throw new ModelFileException("corrupted model state: " + e.getMessage());
        }
    }

    /** Separates the library version from the Java version in the version field (a version never holds a line break). */
    private static final String JAVA_VERSION_MARK = "\njava=";

    /**
     * Writes a provenance (members excepted: an ensemble rebuilds them from its members' own states).
     * The Java version rides in the version field after {@value #JAVA_VERSION_MARK}, so the layout is
     * unchanged and files written before it was recorded still load (as {@link Provenance#UNKNOWN_JAVA}).
     */
    public static void writeProvenance(DataOutputStream out, Provenance p) throws IOException {
        out.writeUTF(p.family());
        writeMap(out, p.settings());
        out.writeLong(p.seed());
        out.writeUTF(p.dataFingerprint());
        out.writeInt(p.trainingRows());
        out.writeUTF(p.libraryVersion() + JAVA_VERSION_MARK + p.javaVersion());
        out.writeLong(p.trainedAt().toEpochMilli());
        writeMap(out, p.source());
    }

    public static Provenance readProvenance(DataInputStream in) throws IOException {
        String family = in.readUTF();
        Map<String, String> settings = readMap(in);
        long seed = in.readLong();
        String fingerprint = in.readUTF();
        int rows = in.readInt();
        String versions = in.readUTF();
        int mark = versions.indexOf(JAVA_VERSION_MARK);
        String library = mark < 0 ? versions : versions.substring(0, mark);
        String java = mark < 0 ? Provenance.UNKNOWN_JAVA : versions.substring(mark + JAVA_VERSION_MARK.length());
        return new Provenance(family, settings, seed, fingerprint, rows, library, Instant.ofEpochMilli(in.readLong()),
                readMap(in), java);
    }
}
