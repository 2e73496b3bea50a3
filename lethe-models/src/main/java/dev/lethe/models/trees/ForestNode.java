package dev.lethe.models.trees;

import java.util.Arrays;

/**
 * One node of an unlearnable tree with the statistics that decide it (DaRE, Brophy &amp; Lowd 2021).
 *
 * <p>Every node caches its size and its class counts (or target sum). A node that tried to split
 * also caches the features it considered, its candidate sample (the rows whose values are its
 * candidate thresholds) and, per candidate threshold, the size and class counts (or target sum) of
 * the left side; the right side is the total minus the left. A deletion subtracts a record from
 * these along its path and re-runs the selection, so a node learns in O(candidates) whether
 * training would still choose its split. Leaves keep their rows, sorted ascending.
 *
 * <p>A {@link #stale} node awaits retraining (DynFrs' lazy tag): its statistics are no longer kept,
 * but the leaves below it still hold exactly its remaining rows, from which it is retrained.
 */
final class ForestNode {

    static final byte INTERNAL = 0;
    /** Leaf at the depth limit. */
    static final byte DEPTH = 1;
    /** Leaf with fewer than two minimal leaves' worth of rows. */
    static final byte SMALL = 2;
    /** Leaf whose rows all have one class. */
    static final byte PURE = 3;
    /** Leaf none of whose candidate thresholds leaves enough rows on both sides; keeps its sample. */
    static final byte NO_SPLIT = 4;

    final long key;
    final int depth;
    byte kind;
    boolean stale;

    int n;
    int[] counts;
    double sumHi;
    double sumLo;

    int[] sample;
    int[] features;
    int[] candStart;
    double[] thresholds;
    int[] leftN;
    int[] leftCounts;
    double[] leftSums;

    int split = -1;
    int splitFeature = -1;
    double splitThreshold;
    ForestNode left;
    ForestNode right;

    int[] rows;

    ForestNode(long key, int depth) {
        this.key = key;
        this.depth = depth;
    }

    boolean isLeaf() {
        return kind != INTERNAL;
    }

    /** The feature of candidate {@code c}. */
    int candidateFeature(int c) {
        for (int f = 0; f < features.length; f++) {
            if (c < candStart[f + 1]) {
                return features[f];
            }
        }
        throw new IllegalStateException("candidate " + c + " of " + thresholds.length);
    }

    int numCandidates() {
        return thresholds == null ? 0 : thresholds.length;
    }

    /** Whether any of {@code sortedRows} is in this node's candidate sample. */
    boolean sampleTouches(int[] sortedRows) {
        if (sample == null) {
            return false;
        }
        for (int s : sample) {
            if (Arrays.binarySearch(sortedRows, s) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Turns this node into a leaf holding {@code rows} (sorted here); drops split statistics but a NO_SPLIT sample. */
    void becomeLeaf(byte leafKind, int[] leafRows) {
        kind = leafKind;
        rows = leafRows;
        Arrays.sort(rows);
        features = null;
        candStart = null;
        thresholds = null;
        leftN = null;
        leftCounts = null;
        leftSums = null;
        split = -1;
        splitFeature = -1;
        left = null;
        right = null;
        if (leafKind != NO_SPLIT) {
            sample = null;
        }
    }

    /** Removes sorted {@code gone} rows from this leaf's sorted rows. */
    void dropRows(int[] gone) {
        int k = 0;
        int g = 0;
        for (int r : rows) {
            while (g < gone.length && gone[g] < r) {
                g++;
            }
            if (g < gone.length && gone[g] == r) {
                continue;
            }
            rows[k++] = r;
        }
        rows = k == rows.length ? rows : Arrays.copyOf(rows, k);
    }

    /** Adds x to the double-double sum stored at {@code a[i]} (high) and {@code a[i + 1]} (low): Knuth's TwoSum. */
    static void addTo(double[] a, int i, double x) {
        double hi = a[i];
        double s = hi + x;
        double bb = s - hi;
        double err = (hi - (s - bb)) + (x - bb);
        double t = a[i + 1] + err;
        double h = s + t;
        a[i + 1] = t - (h - s);
        a[i] = h;
    }

    void addToSum(double x) {
        double s = sumHi + x;
        double bb = s - sumHi;
        double err = (sumHi - (s - bb)) + (x - bb);
        double t = sumLo + err;
        double h = s + t;
        sumLo = t - (h - s);
        sumHi = h;
    }

    double sum() {
        return sumHi + sumLo;
    }
}
