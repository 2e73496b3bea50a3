package dev.lethe.data;

import dev.lethe.model.LetheException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.LongPredicate;

/**
 * An immutable table: features, a target, and per row a stable record ID and an optional subject ID.
 *
 * <p>Values live in one row-major array shared by every view; {@link #select}, {@link #shuffle},
 * {@link #withoutRecords} and {@link #withoutFeatures} only remap row and column indices, so
 * views cost O(rows) and never copy feature values. A categorical value is stored as the index of
 * its level in the schema's dictionary; the classification target likewise holds a class index.
 */
public final class Dataset {

    private final Schema schema;
    private final double[] values;
    private final int stride;
    private final double[] targets;
    private final long[] recordIds;
    private final String[] subjectIds;
    /** Base row of each view row; {@code null} means the identity. */
    private final int[] rows;
    /** Base column of each view feature; {@code null} means the identity. */
    private final int[] columns;

    private Dataset(Schema schema, double[] values, int stride, double[] targets, long[] recordIds,
                    String[] subjectIds, int[] rows, int[] columns) {
        this.schema = schema;
        this.values = values;
        this.stride = stride;
        this.targets = targets;
        this.recordIds = recordIds;
        this.subjectIds = subjectIds;
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * Builds a dataset from row-major feature values ({@code recordIds.length × schema.numFeatures()}),
     * validating everything a model relies on: no NaN or infinite feature, valid level and class
     * indices, unique record IDs.
     *
     * @param subjectIds the subject of each row, or {@code null} when the data has no subjects;
     *                   individual entries may be {@code null} (a row with no known subject)
     */
    public static Dataset of(Schema schema, double[] values, double[] targets, long[] recordIds, String[] subjectIds) {
        Objects.requireNonNull(schema, "schema");
        int n = recordIds.length;
        int d = schema.numFeatures();
        if (values.length != (long) n * d) {
            throw new DataException("expected " + ((long) n * d) + " feature values, got " + values.length);
        }
        if (targets.length != n) {
            throw new DataException("expected " + n + " targets, got " + targets.length);
        }
        if (subjectIds != null && subjectIds.length != n) {
            throw new DataException("expected " + n + " subject IDs, got " + subjectIds.length);
        }
        for (int j = 0; j < d; j++) {
            Attribute a = schema.feature(j);
            for (int i = 0; i < n; i++) {
                double v = values[i * d + j];
                checkValue(a, v, i);
            }
        }
        for (int i = 0; i < n; i++) {
            checkValue(schema.target(), targets[i], i);
        }
        long[] sorted = recordIds.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < n; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new DataException("duplicate record ID " + sorted[i]);
            }
        }
        return new Dataset(schema, values, d, targets, recordIds, subjectIds, null, null);
    }

    private static void checkValue(Attribute a, double v, int row) {
        if (!Double.isFinite(v)) {
            throw new DataException("row " + row + " column '" + a.name() + "': expected a finite number, got " + v);
        }
        if (a.isCategorical() && (v != Math.rint(v) || v < 0 || v >= a.numLevels())) {
            throw new DataException("row " + row + " column '" + a.name() + "': expected a level index in [0, "
                    + a.numLevels() + "), got " + v);
        }
    }

    public Schema schema() {
        return schema;
    }

    public int size() {
        return rows == null ? recordIds.length : rows.length;
    }

    public int numFeatures() {
        return schema.numFeatures();
    }

    public boolean hasSubjects() {
        return subjectIds != null;
    }

    private int base(int row) {
        return rows == null ? row : rows[row];
    }

    private int column(int feature) {
        return columns == null ? feature : columns[feature];
    }

    public double value(int row, int feature) {
        return values[base(row) * stride + column(feature)];
    }

    /** Copies one row's features into {@code into} (length ≥ numFeatures) and returns it. */
    public double[] copyRow(int row, double[] into) {
        int offset = base(row) * stride;
        if (columns == null) {
            System.arraycopy(values, offset, into, 0, stride);
        } else {
            for (int j = 0; j < columns.length; j++) {
                into[j] = values[offset + columns[j]];
            }
        }
        return into;
    }

    public double[] row(int row) {
        return copyRow(row, new double[numFeatures()]);
    }

    /** The numeric target, or the class index for classification. */
    public double target(int row) {
        return targets[base(row)];
    }

    /** The class index of a row (classification only). */
    public int label(int row) {
        return (int) targets[base(row)];
    }

    public long recordId(int row) {
        return recordIds[base(row)];
    }

    /** The subject the row is about, or {@code null}. */
    public String subjectId(int row) {
        return subjectIds == null ? null : subjectIds[base(row)];
    }

    /** All record IDs of this view, in row order. */
    public long[] recordIds() {
        long[] ids = new long[size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = recordId(i);
        }
        return ids;
    }

    /** A view of the given rows of this dataset, in the given order. */
    public Dataset select(int[] selected) {
        int[] mapped = new int[selected.length];
        int n = size();
        for (int i = 0; i < selected.length; i++) {
            if (selected[i] < 0 || selected[i] >= n) {
                throw new IndexOutOfBoundsException("row " + selected[i] + " of " + n);
            }
            mapped[i] = base(selected[i]);
        }
        return new Dataset(schema, values, stride, targets, recordIds, subjectIds, mapped, columns);
    }

    /** A view of the rows whose record ID the predicate rejects. */
    public Dataset withoutRecords(LongPredicate remove) {
        int n = size();
        int[] kept = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!remove.test(recordId(i))) {
                kept[m++] = i;
            }
        }
        return select(Arrays.copyOf(kept, m));
    }

    /** The rows in a random order fixed by {@code seed} (record IDs travel with their rows). */
    public Dataset shuffle(long seed) {
        int n = size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return select(order);
    }

    /** Splits a shuffled copy into the first {@code fraction} of rows and the rest. */
    public Split split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new DataException("split fraction must lie in (0, 1), got " + fraction);
        }
        Dataset shuffled = shuffle(seed);
        int cut = (int) Math.round(size() * fraction);
        int[] first = new int[cut];
        int[] second = new int[size() - cut];
        for (int i = 0; i < cut; i++) {
            first[i] = i;
        }
        for (int i = cut; i < size(); i++) {
            second[i - cut] = i;
        }
        return new Split(shuffled.select(first), shuffled.select(second));
    }

    /** Two disjoint parts of one dataset. */
    public record Split(Dataset first, Dataset second) {
    }

    /** A view without the named features. Unknown names are an error. */
    public Dataset withoutFeatures(Collection<String> names) {
        for (String name : names) {
            if (schema.indexOf(name) < 0) {
                throw new DataException("unknown feature " + LetheException.quote(name) + "; known: " + LetheException.names(schema.featureNames()));
            }
        }
        Schema kept = schema.without(names);
        return conformTo(kept);
    }

    /**
     * A view whose features are exactly {@code target}'s, matched by name; used to feed a model
     * trained on fewer columns. Every target feature must exist here with the same type and levels.
     */
    public Dataset conformTo(Schema target) {
        int[] mapped = new int[target.numFeatures()];
        for (int j = 0; j < mapped.length; j++) {
            Attribute wanted = target.feature(j);
            int here = schema.indexOf(wanted.name());
            if (here < 0) {
                throw new DataException("the data has no feature '" + wanted.name() + "'");
            }
            Attribute have = schema.feature(here);
            if (!wanted.accepts(have)) {
                throw new DataException("feature '" + wanted.name() + "' differs: the model expects "
                        + describe(wanted) + ", the data has " + describe(have));
            }
            mapped[j] = column(here);
        }
        if (!schema.target().name().equals(target.target().name())) {
            throw new DataException("the model predicts '" + target.target().name()
                    + "' but the data's target is '" + schema.target().name() + "'");
        }
        Schema conformed = new Schema(target.features(), schema.target(), schema.task());
        return new Dataset(conformed, values, stride, targets, recordIds, subjectIds, rows, mapped);
    }

    private static String describe(Attribute a) {
        return a.isCategorical() ? "categorical " + a.liveLevels() : "numeric";
    }

    /**
     * This view under a schema that differs only in tombstoned levels (see {@link Attribute}): the
     * dictionaries a model keeps once the last record using a level is forgotten. O(1).
     */
    public Dataset withDictionaries(Schema pruned) {
        boolean same = pruned.numFeatures() == schema.numFeatures() && pruned.task() == schema.task()
                && pruned.target().accepts(schema.target());
        for (int j = 0; same && j < pruned.numFeatures(); j++) {
            same = pruned.feature(j).accepts(schema.feature(j));
        }
        if (!same) {
            throw new IllegalArgumentException("the schema differs in more than tombstoned levels");
        }
        return new Dataset(pruned, values, stride, targets, recordIds, subjectIds, rows, columns);
    }

    /**
     * A dataset whose rows with the given record IDs carry new targets (a relabel). Only the target
     * column is copied; features are shared.
     */
    public Dataset withTargets(Map<Long, Double> newTargets) {
        double[] copy = targets.clone();
        int found = 0;
        for (int i = 0; i < size(); i++) {
            Double t = newTargets.get(recordId(i));
            if (t != null) {
                checkValue(schema.target(), t, i);
                copy[base(i)] = t;
                found++;
            }
        }
        if (found != newTargets.size()) {
            throw new DataException((newTargets.size() - found) + " relabelled record IDs are not in the data");
        }
        return new Dataset(schema, values, stride, copy, recordIds, subjectIds, rows, columns);
    }

    /** Values of one feature over all rows (a copy). */
    public double[] column(String name) {
        int j = schema.indexOf(name);
        if (j < 0) {
            throw new DataException("unknown feature " + LetheException.quote(name));
        }
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(i, j);
        }
        return out;
    }

    /**
     * SHA-256 over the schema and every row (record ID, subject, features, target), in row order:
     * two datasets with the same fingerprint hold the same data.
     */
    public String fingerprint() {
        MessageDigest sha = sha256();
        sha.update(schema.toString().getBytes(StandardCharsets.UTF_8));
        ByteBuffer buf = ByteBuffer.allocate(8 * (numFeatures() + 2));
        double[] row = new double[numFeatures()];
        for (int i = 0; i < size(); i++) {
            buf.clear();
            buf.putLong(recordId(i));
            copyRow(i, row);
            for (double v : row) {
                buf.putDouble(v);
            }
            buf.putDouble(target(i));
            sha.update(buf.array(), 0, buf.position());
            String s = subjectId(i);
            if (s != null) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
            }
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The distinct subject IDs of this view, in order of first appearance. */
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        if (subjectIds == null) {
            return out;
        }
        java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        for (int i = 0; i < size(); i++) {
            String s = subjectId(i);
            if (s != null) {
                seen.add(s);
            }
        }
        out.addAll(seen);
        return out;
    }

    /**
     * A compact copy of this view in arrays of its own, which its holder may erase rows of in place.
     * A model's {@code TrainingRecords} holds one so that a forgotten record's features, target and
     * subject leave the heap when the forget commits (privacy by design: "scrubbed at commit, in
     * memory too"), without copying the table on every forget.
     */
    public Erasable erasableCopy() {
        int n = size();
        int d = numFeatures();
        double[] v = new double[n * d];
        double[] t = new double[n];
        long[] ids = new long[n];
        String[] subjects = subjectIds == null ? null : new String[n];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(copyRow(i, row), 0, v, i * d, d);
            t[i] = target(i);
            ids[i] = recordId(i);
            if (subjects != null) {
                subjects[i] = subjectId(i);
            }
        }
        return new Erasable(new Dataset(schema, v, d, t, ids, subjects, null, null));
    }

    /**
     * A dataset whose arrays only its holder references, and the right to erase its rows: an erased
     * row keeps its record ID (and so its position) but its features and target become 0 and its
     * subject absent, exactly as a model file writes a forgotten row. Views made from {@link #data()}
     * see the erasure too.
     */
    public static final class Erasable {

        private final Dataset data;

        private Erasable(Dataset data) {
            this.data = data;
        }

        /**
         * Takes ownership of freshly built arrays (validated as {@link Dataset#of} does); the caller
         * must not keep them.
         */
        public static Erasable of(Schema schema, double[] values, double[] targets, long[] recordIds, String[] subjectIds) {
            return new Erasable(Dataset.of(schema, values, targets, recordIds, subjectIds));
        }

        public Dataset data() {
            return data;
        }

        /** Zeroes the row's features and target and clears its subject. */
        public void erase(int row) {
            int d = data.stride;
            Arrays.fill(data.values, row * d, row * d + d, 0.0);
            data.targets[row] = 0.0;
            if (data.subjectIds != null) {
                data.subjectIds[row] = null;
            }
        }

        /**
         * Zeroes one feature's values in every row: a forgotten feature's values leave memory (and so
         * every file written from these rows) while the column keeps its place in the schema.
         */
        public void eraseColumn(int feature) {
            int d = data.stride;
            if (feature < 0 || feature >= d) {
                throw new IndexOutOfBoundsException("feature " + feature + " of " + d);
            }
            for (int at = feature; at < data.values.length; at += d) {
                data.values[at] = 0.0;
            }
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " rows × " + numFeatures() + " features, target '" + schema.target().name() + "']";
    }
}
