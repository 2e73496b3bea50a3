package dev.lethe.models.neighbours;

import dev.lethe.data.Dataset;
import java.util.Arrays;

/**
 * An exact k-d tree over training rows for {@link MixedDistance}, with O(depth) deletion.
 *
 * <p>Built once (Bentley 1975) with median splits on the dimension of largest spread, tight bounding
 * boxes per node and leaf buckets. A split sends the values below the median left and the rest
 * right, or the values up to the median left and the rest right, whichever is more balanced and
 * non-empty; a node whose points are all identical on the distance's features becomes one leaf,
 * however large, so masses of duplicates never cause endless splitting. Categorical features are
 * dimensions too: their level index orders them, and their box bound is a mismatch of 1 only when
 * the query's level lies outside the node's level range (0 otherwise, which is always valid).
 *
 * <p>Neighbours are the k smallest rows by (squared distance, record ID): ties are broken by record
 * ID, so the result is a function of the live set alone and not of the tree's shape, which is what
 * makes a forgetting model equal to one retrained from scratch. Rows are numbered by the rank of
 * their record ID; each node keeps the smallest rank it holds, so a subtree whose box bound equals
 * the current k-th distance is still skipped when it cannot hold a smaller record ID. Leaves are kept
 * in record-ID order, so a leaf of duplicates stops scanning at its first rejected row.
 *
 * <p>Deletion marks a row dead and decrements the live count of every node from its leaf to the
 * root; searches skip subtrees with no live row. The owner rebuilds the tree when dead rows pile up,
 * which changes nothing in the results.
 */
final class KdTree {

    /** The smallest leaf bucket; wider data gets larger buckets to bound the memory of node boxes. */
    static final int MIN_LEAF = 16;

    private final MixedDistance distance;
    private final int dims;
    private final int leafSize;
    private final int size;
    private int deadCount;

    /* Points, in tree order (position). */
    private final double[] coords;
    private final int[] rowAt;
    private final int[] rankAt;
    private final boolean[] dead;
    private final int[] leafAt;
    /** Position of each training row, or -1 when the row is not in the tree. */
    private final int[] positionOfRow;

    /* Nodes. */
    private int nodeCount;
    private int[] first = new int[16];
    private int[] end = new int[16];
    private int[] child = new int[16];
    private int[] parent = new int[16];
    private int[] live = new int[16];
    private int[] minRank = new int[16];
    private boolean[] pure = new boolean[16];
    private double[] lo;
    private double[] hi;

    /* Build scratch: the points by rank, and the permutation of ranks being partitioned. */
    private double[] values;
    private int[] perm;

    private KdTree(MixedDistance distance, int size, int totalRows) {
        this.distance = distance;
        this.dims = distance.activeCount();
        this.leafSize = Math.max(MIN_LEAF, dims);
        this.size = size;
        this.coords = new double[size * dims];
        this.rowAt = new int[size];
        this.rankAt = new int[size];
        this.dead = new boolean[size];
        this.leafAt = new int[size];
        this.positionOfRow = new int[totalRows];
        Arrays.fill(positionOfRow, -1);
        this.lo = new double[16 * dims];
        this.hi = new double[16 * dims];
    }

    /**
     * Indexes the given rows of {@code data} under {@code distance}.
     *
     * @param rows distinct rows of {@code data}, in any order
     */
    static KdTree build(MixedDistance distance, Dataset data, int[] rows) {
        KdTree tree = new KdTree(distance, rows.length, data.size());
        tree.load(data, rows);
        int root = tree.allocate();
        tree.build(root, 0, rows.length, -1);
        tree.layOut();
        return tree;
    }

    /** Orders the rows by record ID (their rank numbers them from here on) and copies their active values. */
    private void load(Dataset data, int[] rows) {
        long[] ids = new long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = data.recordId(rows[i]);
        }
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        values = new double[size * dims];
        perm = new int[size];
        double[] full = new double[data.numFeatures()];
        for (int i = 0; i < size; i++) {
            int rank = Arrays.binarySearch(sorted, ids[i]);
            rowAt[rank] = rows[i];
            data.copyRow(rows[i], full);
            for (int a = 0; a < dims; a++) {
                values[rank * dims + a] = full[distance.activeFeature(a)];
            }
        }
        for (int i = 0; i < size; i++) {
            perm[i] = i;
        }
    }

    private int allocate() {
        if (nodeCount == first.length) {
            int n = nodeCount * 2;
            first = Arrays.copyOf(first, n);
            end = Arrays.copyOf(end, n);
            child = Arrays.copyOf(child, n);
            parent = Arrays.copyOf(parent, n);
            live = Arrays.copyOf(live, n);
            minRank = Arrays.copyOf(minRank, n);
            pure = Arrays.copyOf(pure, n);
            lo = Arrays.copyOf(lo, n * dims);
            hi = Arrays.copyOf(hi, n * dims);
        }
        return nodeCount++;
    }

    private double value(int rank, int a) {
        return values[rank * dims + a];
    }

    private void build(int node, int from, int to, int parentNode) {
        first[node] = from;
        end[node] = to;
        parent[node] = parentNode;
        live[node] = to - from;
        int smallest = Integer.MAX_VALUE;
        for (int p = from; p < to; p++) {
            smallest = Math.min(smallest, perm[p]);
        }
        minRank[node] = smallest;
        int split = -1;
        double widest = 0;
        for (int a = 0; a < dims; a++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int p = from; p < to; p++) {
                double v = value(perm[p], a);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            lo[node * dims + a] = min;
            hi[node * dims + a] = max;
            if (max > min) {
                double spread = distance.isCategorical(a) ? 1.0 : max - min;
                if (split < 0 || spread > widest) {
                    split = a;
                    widest = spread;
                }
            }
        }
        pure[node] = split < 0;
        if (split < 0 || to - from <= leafSize) {
            child[node] = -1;
            Arrays.sort(perm, from, to);
            return;
        }
        int cut = cut(from, to, split);
        int left = allocate();
        int right = allocate();
        child[node] = left;
        build(left, from, cut, node);
        build(right, cut, to, node);
    }

    /** Partitions {@code perm[from, to)} on dimension {@code a} around its median; returns where the right child starts. */
    private int cut(int from, int to, int a) {
        int middle = (from + to) >>> 1;
        double median = select(from, to, middle, a);
        long bounds = partition(from, to, a, median);
        int below = (int) (bounds >>> 32);
        int upTo = (int) bounds;
        boolean belowValid = below > from;
        boolean upToValid = upTo < to;
        if (belowValid && upToValid) {
            return Math.abs(below - middle) <= Math.abs(upTo - middle) ? below : upTo;
        }
        return belowValid ? below : upTo;
    }

    /** The value at sorted position {@code kth} of dimension {@code a} in {@code perm[from, to)} (reorders the range). */
    private double select(int from, int to, int kth, int a) {
        int l = from;
        int h = to;
        while (true) {
            double pivot = medianOfThree(value(perm[l], a), value(perm[(l + h) >>> 1], a), value(perm[h - 1], a));
            long bounds = partition(l, h, a, pivot);
            int lt = (int) (bounds >>> 32);
            int gt = (int) bounds;
            if (kth < lt) {
                h = lt;
            } else if (kth >= gt) {
                l = gt;
            } else {
                return pivot;
            }
        }
    }

    private static double medianOfThree(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    /**
     * Three-way partition of {@code perm[from, to)} on dimension {@code a}: values below {@code pivot}, equal, above.
     * Returns the start of the equal block (high 32 bits) and the start of the above block (low 32 bits).
     */
    private long partition(int from, int to, int a, double pivot) {
        int lt = from;
        int i = from;
        int gt = to;
        while (i < gt) {
            double v = value(perm[i], a);
            if (v < pivot) {
                swap(lt++, i++);
            } else if (v > pivot) {
                swap(i, --gt);
            } else {
                i++;
            }
        }
        return ((long) lt << 32) | gt;
    }

    private void swap(int i, int j) {
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }

    /** Copies the points into tree order and drops the build scratch. */
    private void layOut() {
        int[] rowByRank = rowAt.clone();
        for (int p = 0; p < size; p++) {
            int rank = perm[p];
            rankAt[p] = rank;
            rowAt[p] = rowByRank[rank];
            positionOfRow[rowAt[p]] = p;
            System.arraycopy(values, rank * dims, coords, p * dims, dims);
        }
        for (int node = 0; node < nodeCount; node++) {
            if (child[node] < 0) {
                for (int p = first[node]; p < end[node]; p++) {
                    leafAt[p] = node;
                }
            }
        }
        values = null;
        perm = null;
    }

    MixedDistance distance() {
        return distance;
    }

    /** Rows indexed when the tree was built, dead ones included. */
    int size() {
        return size;
    }

    int deadCount() {
        return deadCount;
    }

    int liveCount() {
        return size - deadCount;
    }

    int nodeCount() {
        return nodeCount;
    }

    /** The live rows, ascending. */
    int[] liveRows() {
        int[] out = new int[liveCount()];
        int k = 0;
        for (int p = 0; p < size; p++) {
            if (!dead[p]) {
                out[k++] = rowAt[p];
            }
        }
        Arrays.sort(out);
        return out;
    }

    boolean isLive(int row) {
        int p = row < positionOfRow.length ? positionOfRow[row] : -1;
        return p >= 0 && !dead[p];
    }

    /** Marks a live row dead: O(depth). */
    void remove(int row) {
        int p = row >= 0 && row < positionOfRow.length ? positionOfRow[row] : -1;
        if (p < 0 || dead[p]) {
            throw new IllegalStateException("row " + row + " is not a live row of the index");
        }
        dead[p] = true;
        deadCount++;
        for (int node = leafAt[p]; node >= 0; node = parent[node]) {
            live[node]--;
        }
    }

    /**
     * Erases dead rows' points from the tree's own copy of the values: their coordinates become 0 and
     * the boxes of their leaf and its ancestors shrink to the live points, so no box edge keeps a
     * forgotten value. Boxes only bound the search, so the neighbours found do not change. Rows not
     * in the tree (it was rebuilt without them) are skipped.
     */
    void erase(int[] rows) {
        for (int row : rows) {
            int p = row >= 0 && row < positionOfRow.length ? positionOfRow[row] : -1;
            if (p < 0) {
                continue;
            }
            if (!dead[p]) {
                throw new IllegalStateException("row " + row + " is live; only a dead row can be erased");
            }
            Arrays.fill(coords, p * dims, p * dims + dims, 0.0);
            for (int node = leafAt[p]; node >= 0; node = parent[node]) {
                refit(node);
            }
        }
    }

    /** Recomputes a node's box from its live points (a leaf) or its children with live points. */
    private void refit(int node) {
        int at = node * dims;
        Arrays.fill(lo, at, at + dims, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, at, at + dims, Double.NEGATIVE_INFINITY);
        int left = child[node];
        if (left < 0) {
            for (int p = first[node]; p < end[node]; p++) {
                if (!dead[p]) {
                    for (int a = 0; a < dims; a++) {
                        lo[at + a] = Math.min(lo[at + a], coords[p * dims + a]);
                        hi[at + a] = Math.max(hi[at + a], coords[p * dims + a]);
                    }
                }
            }
        } else {
            for (int c = left; c <= left + 1; c++) {
                if (live[c] > 0) {
                    for (int a = 0; a < dims; a++) {
                        lo[at + a] = Math.min(lo[at + a], lo[c * dims + a]);
                        hi[at + a] = Math.max(hi[at + a], hi[c * dims + a]);
                    }
                }
            }
        }
        if (live[node] == 0) { // never searched: an empty box, holding no value
            Arrays.fill(lo, at, at + dims, 0.0);
            Arrays.fill(hi, at, at + dims, 0.0);
        }
    }

    /** The tree's own copy of the coordinates of a row, or {@code null} when it is not in the tree (for tests). */
    double[] coordinatesOf(int row) {
        int p = row >= 0 && row < positionOfRow.length ? positionOfRow[row] : -1;
        return p < 0 ? null : Arrays.copyOfRange(coords, p * dims, p * dims + dims);
    }

    /** Whether any node box has {@code value} as an edge (for tests). */
    boolean boxesHold(double value) {
        for (int i = 0; i < nodeCount * dims; i++) {
            if (lo[i] == value || hi[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** The {@code k} nearest live rows to {@code x} (fewer when fewer are live), by (distance, record ID). */
    Neighbours nearest(double[] x, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        Search search = new Search(x, Math.min(k, liveCount()));
        if (search.k > 0) {
            search.visit(0);
        }
        return search.result();
    }

    /** One query's state: the best rows so far, sorted by (squared distance, rank). */
    private final class Search {
        private final double[] x;
        private final int k;
        private final double[] best;
        private final int[] bestRank;
        private final int[] bestPosition;
        private int count;

        Search(double[] x, int k) {
            this.x = x;
            this.k = k;
            this.best = new double[k];
            this.bestRank = new int[k];
            this.bestPosition = new int[k];
        }

        void visit(int node) {
            int left = child[node];
            if (left < 0) {
                scan(node);
                return;
            }
            int right = left + 1;
            double boundLeft = live[left] > 0 ? distance.lowerBound(x, lo, hi, left * dims) : Double.NaN;
            double boundRight = live[right] > 0 ? distance.lowerBound(x, lo, hi, right * dims) : Double.NaN;
            boolean rightFirst = live[right] > 0
                    && (live[left] == 0 || boundRight < boundLeft || (boundRight == boundLeft && minRank[right] < minRank[left]));
            if (rightFirst) {
                visitIfUseful(right, boundRight);
                visitIfUseful(left, boundLeft);
            } else {
                visitIfUseful(left, boundLeft);
                visitIfUseful(right, boundRight);
            }
        }

        private void visitIfUseful(int node, double bound) {
            if (live[node] == 0) {
                return;
            }
            if (count == k && (bound > best[k - 1] || (bound == best[k - 1] && minRank[node] > bestRank[k - 1]))) {
                return;
            }
            visit(node);
        }

        private void scan(int leaf) {
            int from = first[leaf];
            int to = end[leaf];
            if (pure[leaf]) {
                double d = Double.NaN;
                for (int p = from; p < to; p++) {
                    if (dead[p]) {
                        continue;
                    }
                    if (Double.isNaN(d)) {
                        d = distance.squared(x, coords, p * dims);
                    }
                    if (!offer(d, p)) {
                        return; // later rows tie on distance with larger record IDs
                    }
                }
                return;
            }
            for (int p = from; p < to; p++) {
                if (dead[p]) {
                    continue;
                }
                double d = count == k
                        ? distance.squaredAtMost(x, coords, p * dims, best[k - 1])
                        : distance.squared(x, coords, p * dims);
                offer(d, p);
            }
        }

        private boolean offer(double d, int p) {
            int rank = rankAt[p];
            if (count == k && (d > best[k - 1] || (d == best[k - 1] && rank > bestRank[k - 1]))) {
                return false;
            }
            int i = count < k ? count++ : k - 1;
            while (i > 0 && (best[i - 1] > d || (best[i - 1] == d && bestRank[i - 1] > rank))) {
                best[i] = best[i - 1];
                bestRank[i] = bestRank[i - 1];
                bestPosition[i] = bestPosition[i - 1];
                i--;
            }
            best[i] = d;
            bestRank[i] = rank;
            bestPosition[i] = p;
            return true;
        }

        Neighbours result() {
            int[] rows = new int[count];
            for (int i = 0; i < count; i++) {
                rows[i] = rowAt[bestPosition[i]];
            }
            return new Neighbours(rows, Arrays.copyOf(best, count));
        }
    }
}
