package dev.lethe.models.trees;

import java.util.Arrays;

/**
 * One node of an unlearnable tree with the statistics that decide it (DaRE, Brophy &amp; Lowd 2021).
 *
 * <p>Every node caches its size and its class counts (or target sum). A node that tried to split
 * also caches the features it considered, its candidate thresholds (a hashed sample of the
 * distinct values) and, per candidate threshold, the number of rows equal to it and the size and
 * class counts (or target sum) of the left side; the right side is the total minus the left. A deletion subtracts a record from
 * these along its path and re-runs the selection, so a node learns in O(candidates) whether
 * training would still choose its split. Leaves keep their rows, sorted ascending.
 *
 * <p>A {@link #stale} node awaits retraining (DynFrs' lazy tag): its statistics are no longer kept,
 * but the leaves below it still hold its remaining rows, from which it is retrained, and the rows
 * forgotten since it was marked, which it lists ({@link #forgotten}) and retraining leaves out.
 */
final class ForestNode {

    static final byte INTERNAL = 0;
    /** Leaf at the depth limit. */
    static final byte DEPTH = 1;
    /** Leaf with fewer than two minimal leaves' worth of rows. */
    static final byte SMALL = 2;
    /** Leaf whose rows all have one class. */
    static final byte PURE = 3;
    /** Leaf none of whose candidate thresholds leaves enough rows on both sides; keeps its candidates. */
    static final byte NO_SPLIT = 4;

    final long key;
    final int depth;
    byte kind;
    boolean stale;

    int n;
    /**
     * The node's integer statistics in one array, so a deletion touches few cache lines:
     * {@code [class counts (classes) | features (p) | candidate start per feature (p + 1) |
     * left size per candidate (nc) | rows equal to the threshold (nc) | left class counts (nc × classes)]}.
     * Leaves other than NO_SPLIT keep only the class counts; NO_SPLIT leaves no left class counts.
     */
    int[] stats;
    int classes;
    int p;
    int nc;
    double sumHi;
    double sumLo;

    double[] thresholds;
    double[] leftSums;

    int split = -1;
    int splitFeature = -1;
    double splitThreshold;
    ForestNode left;
    ForestNode right;

    /**
     * Of a pending (stale) internal node: the rows forgotten since it was marked, ascending, which its
     * leaves still hold (a forget lists them here instead of routing them down); null when none.
     */
    int[] forgotten;

    /** A leaf's rows, ascending; removed rows remain as tombstones {@code ~row} (see {@link #dropRows}). */
    int[] rows;
    /** Tombstones in {@link #rows}. */
    int dead;

    ForestNode(long key, int depth) {
        this.key = key;
        this.depth = depth;
    }

    /**
     * A pending subtree as read from a model file: a stale leaf holding the subtree's remaining rows
     * (ascending), with no statistics; it is retrained from them when a prediction reaches it.
     */
    static ForestNode pending(long key, int depth, int[] rows) {
        ForestNode node = new ForestNode(key, depth);
        node.kind = DEPTH;
        node.stale = true;
        node.rows = rows;
        node.n = rows.length;
        return node;
    }

    boolean isLeaf() {
        return kind != INTERNAL;
    }

    int feature(int f) {
        return stats[classes + f];
    }

    int candStart(int f) {
        return stats[classes + p + f];
    }

    int leftNAt() {
        return classes + 2 * p + 1;
    }

    int equalNAt() {
        return leftNAt() + nc;
    }

    int leftCountsAt() {
        return leftNAt() + 2 * nc;
    }

    int leftN(int c) {
        return stats[leftNAt() + c];
    }

    boolean hasLeftCounts() {
        return classes > 0 && stats.length > leftCountsAt();
    }

    boolean hasCandidates() {
        return p > 0;
    }

    /** The considered features, in rank order. */
    int[] features() {
        return Arrays.copyOfRange(stats, classes, classes + p);
    }

    boolean considers(int feature) {
        for (int f = 0; f < p; f++) {
            if (feature(f) == feature) {
                return true;
            }
        }
        return false;
    }

    /** The feature of candidate {@code c}. */
    int candidateFeature(int c) {
        for (int f = 0; f < p; f++) {
            if (c < candStart(f + 1)) {
                return feature(f);
            }
        }
        throw new IllegalStateException("candidate " + c + " of " + nc);
    }

    int numCandidates() {
        return nc;
    }

    /**
     * Turns this node into a leaf holding {@code rows} (sorted here). A NO_SPLIT leaf keeps its
     * candidates' sizes (to notice when a candidate value vanishes); other leaves keep no split statistics.
     */
    void becomeLeaf(byte leafKind, int[] leafRows) {
        kind = leafKind;
        rows = leafRows;
        dead = 0;
        Arrays.sort(rows);
        leftSums = null;
        split = -1;
        splitFeature = -1;
        left = null;
        right = null;
        if (leafKind != NO_SPLIT) {
            dropCandidates();
        } else if (hasLeftCounts()) {
            stats = Arrays.copyOf(stats, leftCountsAt());
        }
    }

    void dropCandidates() {
        if (stats.length > classes) {
            stats = Arrays.copyOf(stats, classes);
        }
        p = 0;
        nc = 0;
        thresholds = null;
        leftSums = null;
    }

    /**
     * Removes the rows {@code gone[lo, hi)} (ascending) from this leaf, in one pass when they are many and
     * in O(log n) each otherwise: a removed row stays in the sorted
     * array as a tombstone {@code ~row} (negative, and still in order by {@code row}) until half the
     * array is dead, when the array is compacted.
     */
    void dropRows(int[] gone, int lo, int hi) {
        if (16L * (hi - lo) >= rows.length) {
            mergeOut(gone, lo, hi);
        } else {
            searchOut(gone, lo, hi);
        }
        if (dead > 0 && 2 * dead >= rows.length) {
            rows = liveRows();
            dead = 0;
        }
    }

    /** Tombstones {@code gone[lo, hi)} in one merge-like pass over the rows: many rows leave this leaf. */
    private void mergeOut(int[] gone, int lo, int hi) {
        int j = 0;
        for (int i = lo; i < hi; i++) {
            int g = gone[i];
            while (j < rows.length && (rows[j] >= 0 ? rows[j] : ~rows[j]) < g) {
                j++;
            }
            if (j < rows.length && rows[j] == g) {
                rows[j++] = ~g;
                dead++;
            }
        }
    }

    /** Tombstones {@code gone[lo, hi)} by a binary search each: few rows leave this leaf. */
    private void searchOut(int[] gone, int lo, int hi) {
        int from = 0; // gone ascends, so each search starts where the previous one ended
        for (int i = lo; i < hi; i++) {
            int g = gone[i];
            int a = from;
            int b = rows.length - 1;
            while (a <= b) {
                int mid = (a + b) >>> 1;
                int v = rows[mid];
                int key = v >= 0 ? v : ~v;
                if (key < g) {
                    a = mid + 1;
                } else if (key > g) {
                    b = mid - 1;
                } else {
                    if (v >= 0) {
                        rows[mid] = ~v;
                        dead++;
                    }
                    a = mid + 1;
                    break;
                }
            }
            from = a;
        }
    }

    /** The leaf's rows, ascending, without tombstones. */
    int[] liveRows() {
        if (dead == 0) {
            return rows.clone();
        }
        int[] out = new int[rows.length - dead];
        int k = 0;
        for (int r : rows) {
            if (r >= 0) {
                out[k++] = r;
            }
        }
        return out;
    }

    /** Appends the leaf's live rows to {@code out} at {@code at}; returns the new end. */
    int copyLiveRows(int[] out, int at) {
        if (dead == 0) {
            System.arraycopy(rows, 0, out, at, rows.length);
            return at + rows.length;
        }
        for (int r : rows) {
            if (r >= 0) {
                out[at++] = r;
            }
        }
        return at;
    }

    int liveCount() {
        return rows.length - dead;
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
