package dev.lethe.models.neighbours;

import dev.lethe.data.Schema;
import java.util.Arrays;

/**
 * The k-NN distance: squared Euclidean distance over the numeric features plus a 0/1 mismatch
 * per categorical feature (the overlap metric), over the features not yet forgotten.
 *
 * <p>No data-dependent scaling is applied (no standardisation, no min-max): such statistics are
 * computed from the training set, so they would change whenever a record is forgotten, and every
 * distance with them. Scale the features before training if their units differ wildly.
 *
 * <p>Terms are always summed in ascending feature order, skipping forgotten features. A model
 * retrained without a feature therefore adds exactly the same terms in the same order and gets
 * bit-identical distances, which is what makes forgetting a feature exact. Floating-point addition
 * and multiplication are monotone, so a lower bound built term by term from a bounding box
 * ({@link #lowerBound}) never exceeds the computed distance of a point inside the box.
 */
final class MixedDistance {

    private final int width;
    private final int[] active;
    private final boolean[] categorical;

    /**
     * @param schema    the training schema (all features, forgotten ones included)
     * @param forgotten per feature, whether it is forgotten and must be ignored
     */
    MixedDistance(Schema schema, boolean[] forgotten) {
        this.width = schema.numFeatures();
        if (forgotten.length != width) {
            throw new IllegalArgumentException("expected " + width + " forgotten flags, got " + forgotten.length);
        }
        this.active = java.util.stream.IntStream.range(0, width).filter(j -> !forgotten[j]).toArray();
        this.categorical = new boolean[active.length];
        for (int a = 0; a < active.length; a++) {
            categorical[a] = schema.feature(active[a]).isCategorical();
        }
    }

    /** The same distance without feature {@code j} as well. */
    MixedDistance without(Schema schema, int j) {
        boolean[] forgotten = new boolean[width];
        Arrays.fill(forgotten, true);
        for (int a : active) {
            forgotten[a] = false;
        }
        forgotten[j] = true;
        return new MixedDistance(schema, forgotten);
    }

    /** Number of columns in a full row. */
    int width() {
        return width;
    }

    /** Indices of the features the distance uses, ascending. */
    int[] active() {
        return active.clone();
    }

    int activeCount() {
        return active.length;
    }

    int activeFeature(int a) {
        return active[a];
    }

    boolean isCategorical(int a) {
        return categorical[a];
    }

    /**
     * The squared distance between query {@code x} (a full row) and a point stored compactly, its
     * active features only in ascending order, at {@code points[offset..offset + activeCount())}.
     */
    double squared(double[] x, double[] points, int offset) {
        double sum = 0;
        for (int a = 0; a < active.length; a++) {
            sum += term(a, x[active[a]], points[offset + a]);
        }
        return sum;
    }

    /**
     * Like {@link #squared} but may stop early and return any value above {@code bound} once the
     * partial sum exceeds it (the terms are non-negative, so the full sum would too).
     */
    double squaredAtMost(double[] x, double[] points, int offset, double bound) {
        double sum = 0;
        for (int a = 0; a < active.length; a++) {
            sum += term(a, x[active[a]], points[offset + a]);
            if (sum > bound) {
                return sum;
            }
        }
        return sum;
    }

    private double term(int a, double x, double r) {
        if (categorical[a]) {
            return x == r ? 0.0 : 1.0;
        }
        double diff = x - r;
        return diff * diff;
    }

    /**
     * A lower bound of the squared distance from {@code x} to any row whose values lie in the box
     * {@code [lo, hi]} (compact arrays like the points, at {@code offset}). For a categorical feature the bound is 1
     * only when the query's level lies outside the box's level range, else 0.
     */
    double lowerBound(double[] x, double[] lo, double[] hi, int offset) {
        double sum = 0;
        for (int a = 0; a < active.length; a++) {
            int j = active[a];
            double v = x[j];
            double l = lo[offset + a];
            double h = hi[offset + a];
            if (categorical[a]) {
                if (v < l || v > h) {
                    sum += 1.0;
                }
            } else if (v < l) {
                double diff = l - v;
                sum += diff * diff;
            } else if (v > h) {
                double diff = v - h;
                sum += diff * diff;
            }
        }
        return sum;
    }
}
