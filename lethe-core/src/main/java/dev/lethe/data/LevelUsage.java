package dev.lethe.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * How many rows use each level of each categorical column (the features, and the target of a
 * classification): the counts that decide which values a dictionary keeps. A level no row uses is
 * tombstoned by {@link #prune}, so a model, or a stored dataset, never keeps a value that only
 * forgotten records had — the dictionary is the one a model retrained on the remaining records
 * would have (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P 2021: unlearning must leave no
 * trace of the removed data in any part of the model).
 *
 * <p>Counts are updated in O(features) per removed row. Not thread-safe.
 */
public final class LevelUsage {

    /** Per feature, the rows using each level; {@code null} for numeric features. */
    private final int[][] features;
    /** The rows of each class, or {@code null} for regression. */
    private final int[] target;
    /** Features whose whole dictionary is dropped (forgotten columns). */
    private final boolean[] dropped;
    /** Whether a count reached zero since the last {@link #prune}. */
    private boolean emptied;

    private LevelUsage(Schema schema) {
        features = new int[schema.numFeatures()][];
        for (int j = 0; j < features.length; j++) {
            Attribute a = schema.feature(j);
            features[j] = a.isCategorical() ? new int[a.numLevels()] : null;
        }
        target = schema.isClassification() ? new int[schema.numClasses()] : null;
        dropped = new boolean[features.length];
    }

    /** Counts every row of {@code data} with its own target. */
    public static LevelUsage of(Dataset data) {
        int[] rows = new int[data.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return of(data, rows, data::target);
    }

    /** Counts the given rows of {@code data}, each with the target {@code targets} gives it. */
    public static LevelUsage of(Dataset data, int[] rows, IntToDoubleFunction targets) {
        LevelUsage usage = new LevelUsage(data.schema());
        for (int i : rows) {
            usage.add(data, i, targets.applyAsDouble(i), 1);
        }
        usage.emptied = true;
        return usage;
    }

    /** A row that no longer counts (forgotten), with the target it had. */
    public void remove(Dataset data, int row, double rowTarget) {
        add(data, row, rowTarget, -1);
    }

    /** A row's class changed from {@code from} to {@code to} (classification only; otherwise nothing). */
    public void relabel(double from, double to) {
        if (target != null) {
            count(target, (int) from, -1);
            count(target, (int) to, 1);
        }
    }

    /**
     * A forgotten feature: its whole dictionary goes, as a model retrained without the column has
     * none. Its counts are no longer kept.
     */
    public void drop(int feature) {
        if (features[feature] != null && !dropped[feature]) {
            dropped[feature] = true;
            emptied = true;
        }
    }

    private void add(Dataset data, int row, double rowTarget, int delta) {
        for (int j = 0; j < features.length; j++) {
            if (features[j] != null && !dropped[j]) {
                count(features[j], (int) data.value(row, j), delta);
            }
        }
        if (target != null) {
            count(target, (int) rowTarget, delta);
        }
    }

    private void count(int[] counts, int level, int delta) {
        counts[level] += delta;
        if (counts[level] == 0) {
            emptied = true;
        }
    }

    /** The rows using level {@code level} of feature {@code feature}. */
    public int featureCount(int feature, int level) {
        return features[feature][level];
    }

    /**
     * {@code schema} with every level no counted row uses tombstoned; the same object when nothing
     * changes (cheap to call after every update).
     */
    public Schema prune(Schema schema) {
        if (!emptied) {
            return schema;
        }
        emptied = false;
        List<Attribute> kept = new ArrayList<>(features.length);
        boolean changed = false;
        for (int f = 0; f < features.length; f++) {
            int j = f;
            Attribute a = schema.feature(j);
            int[] counts = features[j];
            Attribute pruned = counts == null ? a : a.withoutLevels(level -> dropped[j] || counts[level] == 0);
            changed |= pruned != a;
            kept.add(pruned);
        }
        Attribute t = target == null ? schema.target() : schema.target().withoutLevels(level -> target[level] == 0);
        changed |= t != schema.target();
        return changed ? new Schema(kept, t, schema.task()) : schema;
    }
}
