package dev.lethe.models.bayes;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.math.DoubleDouble;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.StateDigest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The sufficient statistics of naive Bayes, per class: the record count, for each numeric feature
 * the double-double sums of x and x², and for each categorical feature the count of each level.
 * Everything the model predicts is a function of these, so adding and subtracting a record's terms
 * is all that fitting and forgetting do. Counts are exact integers; sums are compensated so that a
 * downdated sum equals a freshly computed one to about 2⁻¹⁰⁶ relative.
 *
 * <p>Whenever a class loses its last record its sums are reset to exactly zero (the residue of the
 * compensated arithmetic is then certainly noise), and a forgotten feature's statistics are erased.
 * Not thread-safe; the model serialises access.
 */
final class NaiveBayesStatistics {

    private final int classes;
    private final int columns;
    /** Schema column of each numeric slot, and the numeric slot of each column (or -1). */
    private final int[] numericColumn;
    private final int[] numericSlot;
    /** Schema column of each categorical slot, its offset into a class's level counts, and the column's slot (or -1). */
    private final int[] categoricalColumn;
    private final int[] levelOffset;
    private final int[] categoricalSlot;
    private final int totalLevels;
    private final boolean[] active;

    private final long[] classCount;
    /** Indexed [class × numeric slots + slot]. */
    private final DoubleDouble[] sum;
    private final DoubleDouble[] sumOfSquares;
    /** Indexed [class × total levels + level offset of the slot + level]. */
    private final long[] levelCount;

    NaiveBayesStatistics(Schema schema) {
        this.classes = schema.numClasses();
        this.columns = schema.numFeatures();
        this.numericSlot = new int[columns];
        this.categoricalSlot = new int[columns];
        int numeric = 0;
        int categorical = 0;
        for (Attribute a : schema.features()) {
            if (a.isCategorical()) {
                categorical++;
            } else {
                numeric++;
            }
        }
        this.numericColumn = new int[numeric];
        this.categoricalColumn = new int[categorical];
        this.levelOffset = new int[categorical];
        int n = 0;
        int c = 0;
        int levels = 0;
        for (int j = 0; j < columns; j++) {
            Attribute a = schema.feature(j);
            if (a.isCategorical()) {
                categoricalColumn[c] = j;
                levelOffset[c] = levels;
                categoricalSlot[j] = c++;
                numericSlot[j] = -1;
                levels += a.numLevels();
            } else {
                numericColumn[n] = j;
                numericSlot[j] = n++;
                categoricalSlot[j] = -1;
            }
        }
        this.totalLevels = levels;
        this.active = new boolean[columns];
        Arrays.fill(active, true);
        this.classCount = new long[classes];
        this.sum = new DoubleDouble[classes * numeric];
        this.sumOfSquares = new DoubleDouble[classes * numeric];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = new DoubleDouble();
            sumOfSquares[i] = new DoubleDouble();
        }
        this.levelCount = new long[classes * totalLevels];
    }

    int classes() {
        return classes;
    }

    int numericFeatures() {
        return numericColumn.length;
    }

    int numericColumn(int slot) {
        return numericColumn[slot];
    }

    int categoricalFeatures() {
        return categoricalColumn.length;
    }

    int categoricalColumn(int slot) {
        return categoricalColumn[slot];
    }

    int levelOffset(int slot) {
        return levelOffset[slot];
    }

    int totalLevels() {
        return totalLevels;
    }

    boolean isActive(int column) {
        return active[column];
    }

    long classCount(int k) {
        return classCount[k];
    }

    long totalCount() {
        long n = 0;
        for (long c : classCount) {
            n += c;
        }
        return n;
    }

    DoubleDouble sum(int k, int slot) {
        return sum[k * numericColumn.length + slot];
    }

    DoubleDouble sumOfSquares(int k, int slot) {
        return sumOfSquares[k * numericColumn.length + slot];
    }

    long levelCount(int k, int slot, int level) {
        return levelCount[k * totalLevels + levelOffset[slot] + level];
    }

    /** Adds row {@code row} of {@code data} (in this model's training schema) to class {@code k}. */
    void add(Dataset data, int row, int k) {
        classCount[k]++;
        int m = numericColumn.length;
        for (int s = 0; s < m; s++) {
            int j = numericColumn[s];
            if (active[j]) {
                double x = data.value(row, j);
                sum[k * m + s].add(x);
                sumOfSquares[k * m + s].addProduct(x, x);
            }
        }
        int base = k * totalLevels;
        for (int s = 0; s < categoricalColumn.length; s++) {
            int j = categoricalColumn[s];
            if (active[j]) {
                levelCount[base + levelOffset[s] + (int) data.value(row, j)]++;
            }
        }
    }

    /** Subtracts what {@link #add} added; the caller guarantees the row is in class {@code k}. */
    void remove(Dataset data, int row, int k) {
        if (--classCount[k] == 0) {
            clearClass(k);
            return;
        }
        int m = numericColumn.length;
        for (int s = 0; s < m; s++) {
            int j = numericColumn[s];
            if (active[j]) {
                double x = data.value(row, j);
                sum[k * m + s].subtract(x);
                sumOfSquares[k * m + s].subtractProduct(x, x);
            }
        }
        int base = k * totalLevels;
        for (int s = 0; s < categoricalColumn.length; s++) {
            int j = categoricalColumn[s];
            if (active[j]) {
                levelCount[base + levelOffset[s] + (int) data.value(row, j)]--;
            }
        }
    }

    /** Erases class {@code k}: what removing every one of its records leaves, exactly. */
    void clearClass(int k) {
        classCount[k] = 0;
        int m = numericColumn.length;
        for (int s = 0; s < m; s++) {
            sum[k * m + s].set(ZERO);
            sumOfSquares[k * m + s].set(ZERO);
        }
        Arrays.fill(levelCount, k * totalLevels, (k + 1) * totalLevels, 0L);
    }

    /** Erases a feature's statistics and stops tracking it. */
    void forgetFeature(int column) {
        active[column] = false;
        int m = numericColumn.length;
        int s = numericSlot[column];
        if (s >= 0) {
            for (int k = 0; k < classes; k++) {
                sum[k * m + s].set(ZERO);
                sumOfSquares[k * m + s].set(ZERO);
            }
        } else {
            int c = categoricalSlot[column];
            int width = levelsOf(column);
            for (int k = 0; k < classes; k++) {
                int from = k * totalLevels + levelOffset[c];
                Arrays.fill(levelCount, from, from + width, 0L);
            }
        }
    }

    private int levelsOf(int column) {
        int c = categoricalSlot[column];
        int end = c + 1 < levelOffset.length ? levelOffset[c + 1] : totalLevels;
        return end - levelOffset[c];
    }

    private static final DoubleDouble ZERO = new DoubleDouble();

    /**
     * Feeds the statistics into a state digest: O(classes × (numeric features + levels)) values, no
     * per-record data. Counts are below 2³¹ (rows are int-indexed), so two share one long.
     */
    void digest(StateDigest d) {
        addCounts(d, classCount);
        for (int i = 0; i < sum.length; i++) {
            d.add(sum[i].hi()).add(sum[i].lo()).add(sumOfSquares[i].hi()).add(sumOfSquares[i].lo());
        }
        addCounts(d, levelCount);
    }

    private static void addCounts(StateDigest d, long[] counts) {
        int i = 0;
        for (; i + 1 < counts.length; i += 2) {
            d.add(counts[i] << 32 | counts[i + 1]);
        }
        if (i < counts.length) {
            d.add(counts[i]);
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(classes);
        out.writeInt(numericColumn.length);
        out.writeInt(totalLevels);
        for (long c : classCount) {
            out.writeLong(c);
        }
        for (int i = 0; i < sum.length; i++) {
            out.writeDouble(sum[i].hi());
            out.writeDouble(sum[i].lo());
            out.writeDouble(sumOfSquares[i].hi());
            out.writeDouble(sumOfSquares[i].lo());
        }
        for (long c : levelCount) {
            out.writeLong(c);
        }
    }

    /**
     * Reads what {@link #write} wrote for {@code schema}, with the given columns forgotten, checking
     * shape and internal consistency (non-negative counts, level counts that add up to the class
     * count, finite sums, erased statistics for empty classes and forgotten features).
     */
    static NaiveBayesStatistics read(DataInputStream in, Schema schema, boolean[] forgotten) throws IOException {
        NaiveBayesStatistics s = new NaiveBayesStatistics(schema);
        expect("classes", in.readInt(), s.classes);
        expect("numeric features", in.readInt(), s.numericColumn.length);
        expect("categorical levels", in.readInt(), s.totalLevels);
        for (int j = 0; j < s.columns; j++) {
            if (forgotten[j]) {
                s.active[j] = false;
            }
        }
        for (int k = 0; k < s.classes; k++) {
            s.classCount[k] = in.readLong();
            if (s.classCount[k] < 0) {
                throw corrupted("class " + k + " has count " + s.classCount[k]);
            }
        }
        for (int i = 0; i < s.sum.length; i++) {
            s.sum[i] = new DoubleDouble(finite(in.readDouble()), finite(in.readDouble()));
            s.sumOfSquares[i] = new DoubleDouble(finite(in.readDouble()), finite(in.readDouble()));
        }
        for (int i = 0; i < s.levelCount.length; i++) {
            s.levelCount[i] = in.readLong();
            if (s.levelCount[i] < 0) {
                throw corrupted("negative level count " + s.levelCount[i]);
            }
        }
        s.validate();
        return s;
    }

    private void validate() {
        int m = numericColumn.length;
        for (int k = 0; k < classes; k++) {
            for (int c = 0; c < categoricalColumn.length; c++) {
                int width = levelsOf(categoricalColumn[c]);
                long total = 0;
                for (int l = 0; l < width; l++) {
                    total += levelCount[k * totalLevels + levelOffset[c] + l];
                }
                long expected = active[categoricalColumn[c]] ? classCount[k] : 0;
                if (total != expected) {
                    throw corrupted("class " + k + " feature column " + categoricalColumn[c] + " counts " + total
                            + " levels, expected " + expected);
                }
            }
            for (int s = 0; s < m; s++) {
                boolean mustBeZero = classCount[k] == 0 || !active[numericColumn[s]];
                if (mustBeZero && (sum[k * m + s].value() != 0 || sumOfSquares[k * m + s].value() != 0)) {
                    throw corrupted("class " + k + " numeric column " + numericColumn[s] + " has sums but no records");
                }
                if (sumOfSquares[k * m + s].value() < 0) {
                    throw corrupted("class " + k + " numeric column " + numericColumn[s] + " has a negative sum of squares");
                }
            }
        }
    }

    private static void expect(String what, int actual, int expected) {
        if (actual != expected) {
            throw corrupted("the statistics have " + actual + " " + what + ", the schema " + expected);
        }
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) {
            throw corrupted("a sum is " + v);
        }
        return v;
    }

    private static ModelFileException corrupted(String why) {
        return new ModelFileException("corrupted naive Bayes state: " + why);
    }
}
