package dev.lethe.models.trees;

import java.util.Arrays;

/**
 * Grows one node or subtree exactly as training does, and computes the statistics a node caches.
 * The same code trains a forest, retrains a stale subtree and recomputes a node one of whose
 * candidate values lost its last row, so all three agree by construction.
 *
 * <p>Per node: stop at the depth limit, below 2·minSamplesLeaf rows, or when pure; otherwise take
 * the {@code p} active features of lowest {@link ForestHash#featureRank} and, per feature, the
 * {@code k} distinct values of lowest {@link ForestHash#valuePriority} as candidate thresholds
 * ({@code x ≤ t} goes left, or {@code x == t} for a categorical feature). One pass
 * over the node's rows per feature buckets each row between the sorted thresholds, so the left
 * statistics of all candidates cost O(n log k + k·classes). Top levels pick uniformly among the
 * valid candidates (hash of the node key), lower levels the candidate of best impurity, ties to the
 * earlier candidate. Nothing depends on row order or row numbering, only on values and record IDs.
 */
final class TreeGrower {

    private final ForestLearner.Options options;
    private final ForestLearner.Criterion criterion;
    private final ForestColumns cols;
    private final int classes;

    TreeGrower(ForestLearner.Options options, ForestColumns cols) {
        this.options = options;
        this.criterion = options.resolve(cols.classification);
        this.cols = cols;
        this.classes = cols.numClasses;
    }

    ForestColumns columns() {
        return cols;
    }

    /** Grows the subtree at {@code key}/{@code depth} on {@code rows[lo, hi)} (reordered in place). */
    ForestNode grow(long key, int depth, int[] rows, int lo, int hi) {
        ForestNode node = new ForestNode(key, depth);
        totals(node, rows, lo, hi);
        byte kind = kindBeforeSplit(node);
        if (kind != ForestNode.INTERNAL) {
            node.becomeLeaf(kind, Arrays.copyOfRange(rows, lo, hi));
            return node;
        }
        splitStatistics(node, rows, lo, hi);
        int s = select(node);
        if (s < 0) {
            node.becomeLeaf(ForestNode.NO_SPLIT, Arrays.copyOfRange(rows, lo, hi));
            return node;
        }
        setSplit(node, s);
        int mid = partition(rows, lo, hi, node.splitFeature, node.splitThreshold);
        node.left = grow(ForestHash.childKey(key, 0), depth + 1, rows, lo, mid);
        node.right = grow(ForestHash.childKey(key, 1), depth + 1, rows, mid, hi);
        return node;
    }

    void setSplit(ForestNode node, int s) {
        node.kind = ForestNode.INTERNAL;
        node.split = s;
        node.splitFeature = node.candidateFeature(s);
        node.splitThreshold = node.thresholds[s];
    }

    int partition(int[] rows, int lo, int hi, int f, double threshold) {
        int i = lo;
        int j = hi - 1;
        while (i <= j) {
            if (cols.goesLeft(rows[i], f, threshold)) {
                i++;
            } else {
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
                j--;
            }
        }
        return i;
    }

    /** Size and class counts (or target sum) of {@code rows[lo, hi)}. */
    void totals(ForestNode node, int[] rows, int lo, int hi) {
        node.n = hi - lo;
        node.classes = classes;
        node.p = 0;
        node.nc = 0;
        node.stats = new int[classes];
        if (cols.classification) {
            int[] c = node.stats;
            for (int i = lo; i < hi; i++) {
                c[cols.label[rows[i]]]++;
            }
        } else {
            node.sumHi = 0;
            node.sumLo = 0;
            for (int i = lo; i < hi; i++) {
                node.addToSum(cols.target[rows[i]]);
            }
        }
    }

    /** The leaf kind training gives a node from its cached totals alone, or INTERNAL if it would try to split. */
    byte kindBeforeSplit(ForestNode node) {
        if (node.depth >= options.maxDepth()) {
            return ForestNode.DEPTH;
        }
        if (node.n < 2 * options.minSamplesLeaf()) {
            return ForestNode.SMALL;
        }
        if (cols.classification) {
            int nonzero = 0;
            for (int y = 0; y < classes; y++) {
                nonzero += node.stats[y] > 0 ? 1 : 0;
            }
            if (nonzero <= 1) {
                return ForestNode.PURE;
            }
        }
        return ForestNode.INTERNAL;
    }

    /** The active features a node considers, in rank order. */
    int[] sampledFeatures(long key, boolean[] active) {
        int available = 0;
        for (boolean a : active) {
            available += a ? 1 : 0;
        }
        int p = options.featuresPerNode(available);
        int[] best = new int[p];
        long[] rank = new long[p];
        int size = 0;
        for (int j = 0; j < active.length; j++) {
            if (!active[j]) {
                continue;
            }
            long r = ForestHash.featureRank(key, cols.featureHash[j]);
            if (size == p && r >= rank[size - 1]) {
                continue;
            }
            int at = size == p ? p - 1 : size++;
            while (at > 0 && rank[at - 1] > r) {
                rank[at] = rank[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            rank[at] = r;
            best[at] = j;
        }
        return best;
    }

    /**
     * The candidate thresholds of one feature: the k distinct values among {@code rows[lo, hi)} of
     * lowest {@link ForestHash#valuePriority}, ascending. A uniform random k-subset of the distinct
     * values, and one that changes under a deletion only when a candidate value loses its last row.
     */
    double[] candidateValues(long key, int feature, int[] rows, int lo, int hi) {
        int k = options.k();
        double[] col = cols.x[feature];
        long base = ForestHash.valueBase(key, cols.featureHash[feature]);
        double[] best = new double[k];
        long[] pri = new long[k];
        int size = 0;
        for (int i = lo; i < hi; i++) {
            double v = col[rows[i]];
            long p = ForestHash.valuePriority(base, v);
            if (size == k && p >= pri[k - 1]) {
                continue;
            }
            int at = Arrays.binarySearch(pri, 0, size, p);
            if (at >= 0 && best[at] == v) {
                continue;
            }
            at = at >= 0 ? at : -at - 1;
            int end = size == k ? k - 1 : size++;
            System.arraycopy(pri, at, pri, at + 1, end - at);
            System.arraycopy(best, at, best, at + 1, end - at);
            pri[at] = p;
            best[at] = v;
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            double v = best[i];
            int at = i;
            while (at > 0 && out[at - 1] > v) {
                out[at] = out[at - 1];
                at--;
            }
            out[at] = v;
        }
        return out;
    }

    /** Features, candidate thresholds and left statistics of a node trying to split on {@code rows[lo, hi)}. */
    void splitStatistics(ForestNode node, int[] rows, int lo, int hi) {
        int[] features = sampledFeatures(node.key, cols.active);
        int p = features.length;
        double[][] perFeature = new double[p][];
        int total = 0;
        for (int f = 0; f < p; f++) {
            perFeature[f] = candidateValues(node.key, features[f], rows, lo, hi);
            total += perFeature[f].length;
        }
        int[] stats = new int[classes + 2 * p + 1 + 2 * total + total * classes];
        System.arraycopy(node.stats, 0, stats, 0, classes);
        System.arraycopy(features, 0, stats, classes, p);
        node.stats = stats;
        node.p = p;
        node.nc = total;
        node.thresholds = new double[total];
        int start = 0;
        for (int f = 0; f < p; f++) {
            stats[classes + p + f] = start;
            System.arraycopy(perFeature[f], 0, node.thresholds, start, perFeature[f].length);
            start += perFeature[f].length;
        }
        stats[classes + 2 * p] = start;
        if (cols.classification) {
            node.leftSums = null;
            for (int f = 0; f < p; f++) {
                countClasses(node, f, rows, lo, hi);
            }
        } else {
            node.leftSums = new double[2 * total];
            for (int i = lo; i < hi; i++) {
                adjust(node, rows[i], cols.target[rows[i]], 1);
            }
        }
    }

    /** Left counts of feature {@code f}'s candidates: bucket rows between sorted thresholds, then prefix sums. */
    private void countClasses(ForestNode node, int f, int[] rows, int lo, int hi) {
        int feature = node.feature(f);
        int from = node.candStart(f);
        int nb = node.candStart(f + 1) - from;
        double[] col = cols.x[feature];
        double[] t = node.thresholds;
        int[] st = node.stats;
        int leftN = node.leftNAt();
        int equalN = node.equalNAt();
        int leftCounts = node.leftCountsAt();
        int[] bucket = new int[(nb + 1) * classes];
        boolean categorical = cols.categorical[feature];
        for (int i = lo; i < hi; i++) {
            int row = rows[i];
            int b = Arrays.binarySearch(t, from, from + nb, col[row]);
            if (b >= 0) {
                st[equalN + b]++;
            }
            if (categorical) {
                b = b >= 0 ? b - from : nb;
            } else {
                b = (b >= 0 ? b : -b - 1) - from;
            }
            bucket[b * classes + cols.label[row]]++;
        }
        for (int c = 0; c < nb; c++) {
            int base = leftCounts + (from + c) * classes;
            int n = 0;
            for (int y = 0; y < classes; y++) {
                int v = bucket[c * classes + y] + (categorical || c == 0 ? 0 : st[base - classes + y]);
                st[base + y] = v;
                n += v;
            }
            st[leftN + from + c] = n;
        }
    }

    /**
     * Adds ({@code sign} 1) or subtracts ({@code sign} -1) one row with target {@code y} to the left
     * statistics of every candidate the row falls left of; with {@code countRow} false only the
     * class counts or sums change (a relabel). Returns true when a candidate value lost its last
     * row, so the node's candidate set is no longer the one training would draw. A feature's
     * thresholds ascend, so a binary search finds the first one the row falls left of: a numeric
     * row falls left of that one and every later one, a categorical row only of those equal to it.
     */
    boolean adjust(ForestNode node, int row, double y, int sign, boolean countRow) {
        boolean vanished = false;
        int[] st = node.stats;
        int p = node.p;
        int starts = classes + p;
        int leftN = node.leftNAt();
        int equalN = node.equalNAt();
        int leftCounts = node.hasLeftCounts() ? node.leftCountsAt() : -1;
        double[] t = node.thresholds;
        for (int f = 0; f < p; f++) {
            int feature = st[classes + f];
            if (!cols.active[feature]) {
                continue; // a forgotten feature's column is erased: its candidates are never selected again
            }
            double v = cols.x[feature][row];
            int end = st[starts + f + 1];
            int first = firstAtLeast(t, st[starts + f], end, v);
            int last = cols.categorical[feature] ? endOfEqual(t, first, end, v) : end;
            for (int c = first; c < last; c++) {
                if (countRow) {
                    st[leftN + c] += sign;
                    if (v == t[c]) {
                        vanished |= (st[equalN + c] += sign) == 0;
                    }
                }
                if (leftCounts >= 0) {
                    st[leftCounts + c * classes + (int) y] += sign;
                } else if (node.leftSums != null) {
                    ForestNode.addTo(node.leftSums, 2 * c, sign * y);
                }
            }
        }
        return vanished;
    }

    boolean adjust(ForestNode node, int row, double y, int sign) {
        return adjust(node, row, y, sign, true);
    }

    /** Below this many rows a node's statistics lose them one by one ({@link #adjust}); from it on, by {@link #subtractAll}. */
    private static final int BUCKETED = 8;

    /**
     * Subtracts the rows {@code gone} from a node's split statistics, as {@link #adjust} with sign -1
     * row by row would, to the same integers: the rows are bucketed between each feature's thresholds
     * and one prefix sum per feature subtracts them from every candidate's left statistics, so many
     * rows cost O(rows · log k + k · classes) per feature rather than O(rows · k). Regression sums
     * are subtracted row by row, in order, so their double-double rounding stays that of {@code adjust}.
     * Returns true when a candidate value lost its last row.
     */
    boolean subtractAll(ForestNode node, int[] gone) {
        return subtractAll(node, gone, 0, gone.length, null);
    }

    /**
     * {@link #subtractAll(ForestNode, int[])} for the rows {@code gone[lo, hi)}, with the batch's coded values
     * (or null): a feature coded with at most
     * twice as many levels as there are rows is subtracted from the rows' counts per level
     * ({@link #subtractCounted}), the same integers without a search per row.
     */
    boolean subtractAll(ForestNode node, int[] gone, int lo, int hi, RemovedValueCodes coded) {
        if (hi - lo < BUCKETED || node.leftSums != null) {
            boolean vanished = false;
            for (int i = lo; i < hi; i++) {
                vanished |= adjust(node, gone[i], cols.target[gone[i]], -1);
            }
            return vanished;
        }
        boolean vanished = false;
        for (int f = 0; f < node.p; f++) {
            int feature = node.feature(f);
            if (!cols.active[feature]) {
                continue; // a forgotten feature's candidates are never selected again
            }
            double[] levels = coded == null ? null : coded.levels(feature);
            vanished |= levels != null && levels.length <= 2 * (hi - lo)
                    ? subtractCounted(node, f, gone, lo, hi, levels, coded.codes(feature))
                    : subtractFromFeature(node, f, gone, lo, hi);
        }
        return vanished;
    }

    /**
     * {@link #subtractAll} for the candidates of the node's {@code f}-th considered feature from the rows'
     * counts per level (and class): one pass over the rows, then one walk of the thresholds along the
     * ascending levels, a numeric candidate losing the rows of every level at or below it, a categorical
     * one those of its own level.
     */
    private boolean subtractCounted(ForestNode node, int f, int[] gone, int lo, int hi, double[] levels, char[] code) {
        int[] st = node.stats;
        int leftN = node.leftNAt();
        int equalN = node.equalNAt();
        int leftCounts = node.hasLeftCounts() ? node.leftCountsAt() : -1;
        int width = leftCounts >= 0 ? 1 + classes : 1;
        int[] count = new int[levels.length * width];
        if (leftCounts >= 0) {
            int[] label = cols.label;
            for (int i = lo; i < hi; i++) {
                int r = gone[i];
                int b = code[r] * width;
                count[b]++;
                count[b + 1 + label[r]]++;
            }
        } else {
            for (int i = lo; i < hi; i++) {
                count[code[gone[i]]]++;
            }
        }
        double[] t = node.thresholds;
        boolean categorical = cols.categorical[node.feature(f)];
        int[] lost = new int[width];
        int level = 0;
        boolean vanished = false;
        for (int c = node.candStart(f); c < node.candStart(f + 1); c++) {
            int equal = -1;
            if (categorical) {
                equal = Arrays.binarySearch(levels, t[c]);
                Arrays.fill(lost, 0);
                if (equal >= 0) {
                    System.arraycopy(count, equal * width, lost, 0, width);
                }
            } else {
                for (; level < levels.length && levels[level] <= t[c]; level++) {
                    for (int k = 0; k < width; k++) {
                        lost[k] += count[level * width + k];
                    }
                }
                equal = level > 0 && levels[level - 1] == t[c] ? level - 1 : -1;
            }
            if (equal >= 0 && count[equal * width] > 0) {
                vanished |= (st[equalN + c] -= count[equal * width]) == 0;
            }
            st[leftN + c] -= lost[0];
            for (int y = 0; y < width - 1; y++) {
                st[leftCounts + c * classes + y] -= lost[1 + y];
            }
        }
        return vanished;
    }

    /** {@link #subtractAll} for the candidates of the node's {@code f}-th considered feature. */
    private boolean subtractFromFeature(ForestNode node, int f, int[] gone, int lo, int hi) {
        boolean vanished = false;
        int[] st = node.stats;
        int leftN = node.leftNAt();
        int equalN = node.equalNAt();
        int leftCounts = node.hasLeftCounts() ? node.leftCountsAt() : -1;
        int width = leftCounts >= 0 ? 1 + classes : 1;
        double[] t = node.thresholds;
        int feature = node.feature(f);
        double[] col = cols.x[feature];
        boolean categorical = cols.categorical[feature];
        int from = node.candStart(f);
        int end = node.candStart(f + 1);
        int[] below = categorical ? null : new int[(end - from) * width];
        for (int i = lo; i < hi; i++) {
            int r = gone[i];
            double v = col[r];
            int y = leftCounts >= 0 ? (int) cols.target[r] : 0;
            int first = firstAtLeast(t, from, end, v);
            for (int c = first; c < end && t[c] == v; c++) {
                vanished |= --st[equalN + c] == 0;
                if (categorical) {
                    st[leftN + c]--;
                    if (leftCounts >= 0) {
                        st[leftCounts + c * classes + y]--;
                    }
                }
            }
            if (!categorical && first < end) {
                int b = (first - from) * width;
                below[b]++;
                if (leftCounts >= 0) {
                    below[b + 1 + y]++;
                }
            }
        }
        if (!categorical) { // a row whose first threshold at or above it is c falls left of c and every later one
            for (int c = from + 1; c < end; c++) {
                int b = (c - from) * width;
                for (int k = 0; k < width; k++) {
                    below[b + k] += below[b - width + k];
                }
            }
            for (int c = from; c < end; c++) {
                int b = (c - from) * width;
                st[leftN + c] -= below[b];
                for (int y = 0; y < width - 1; y++) {
                    st[leftCounts + c * classes + y] -= below[b + 1 + y];
                }
            }
        }
        return vanished;
    }

    /** The first index in {@code [from, end)} of ascending thresholds {@code t} with {@code t[c] >= v}, or {@code end}. */
    private static int firstAtLeast(double[] t, int from, int end, double v) {
        int lo = from;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The end of the run of thresholds equal to {@code v} that starts at {@code first}. */
    private static int endOfEqual(double[] t, int first, int end, double v) {
        int c = first;
        while (c < end && t[c] == v) {
            c++;
        }
        return c;
    }

    /** Adds or subtracts one row with target {@code y} to a node's totals. */
    void adjustTotals(ForestNode node, double y, int sign) {
        node.n += sign;
        if (classes > 0) {
            node.stats[(int) y] += sign;
        } else {
            node.addToSum(sign * y);
        }
    }

    /** The candidate training splits a node on, or -1 when none leaves minSamplesLeaf rows on both sides. */
    int select(ForestNode node) {
        int m = options.minSamplesLeaf();
        int n = node.n;
        int candidates = node.numCandidates();
        int[] st = node.stats;
        int leftN = node.leftNAt();
        if (node.depth < options.topd()) {
            int valid = 0;
            for (int c = 0; c < candidates; c++) {
                valid += st[leftN + c] >= m && n - st[leftN + c] >= m ? 1 : 0;
            }
            if (valid == 0) {
                return -1;
            }
            int pick = (int) (ForestHash.uniform(node.key) * valid);
            for (int c = 0; c < candidates; c++) {
                if (st[leftN + c] >= m && n - st[leftN + c] >= m && pick-- == 0) {
                    return c;
                }
            }
            throw new IllegalStateException("unreachable");
        }
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        int leftCounts = node.leftCountsAt();
        for (int c = 0; c < candidates; c++) {
            int nl = st[leftN + c];
            int nr = n - nl;
            if (nl < m || nr < m) {
                continue;
            }
            double score = classes == 0 ? sumScore(node, c, nl, nr) : countScore(st, leftCounts + c * classes, nl, nr);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /** Larger is better: minus the weighted squared error of the two sides, up to a constant of the node. */
    private static double sumScore(ForestNode node, int c, int nl, int nr) {
        double sl = node.leftSums[2 * c] + node.leftSums[2 * c + 1];
        double sr = (node.sumHi - node.leftSums[2 * c]) + (node.sumLo - node.leftSums[2 * c + 1]);
        return sl * sl / nl + sr * sr / nr;
    }

    /** Larger is better: minus the weighted Gini impurity or entropy of the two sides, up to a constant of the node. */
    private double countScore(int[] st, int base, int nl, int nr) {
        if (criterion == ForestLearner.Criterion.ENTROPY) {
            double s = 0;
            for (int y = 0; y < classes; y++) {
                int l = st[base + y];
                s += xlogx(l) + xlogx(st[y] - l);
            }
            return s - xlogx(nl) - xlogx(nr);
        }
        double left = 0;
        double right = 0;
        for (int y = 0; y < classes; y++) {
            double l = st[base + y];
            double r = st[y] - l;
            left += l * l;
            right += r * r;
        }
        return left / nl + right / nr;
    }

    private static double xlogx(int v) {
        return v <= 1 ? 0 : v * Math.log(v);
    }
}
