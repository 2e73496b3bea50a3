package dev.lethe.models.trees;

import dev.lethe.data.Dataset;
import dev.lethe.math.Vectors;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A conventional random forest classifier (Breiman, "Random Forests", Machine Learning 2001): each
 * tree grows on a bootstrap sample, each node considers round(√d) random features and the best Gini
 * split among all thresholds (midpoints between adjacent distinct values), found by sweeping
 * presorted columns. It cannot forget; it is the baseline the unlearnable {@link ForestModel} is
 * measured against for accuracy and training time. Categorical features are treated by level index.
 */
public final class GreedyForest {

    private final Node[] trees;
    private final int classes;

    private GreedyForest(Node[] trees, int classes) {
        this.trees = trees;
        this.classes = classes;
    }

    /** Fits {@code trees} trees of at most {@code maxDepth} levels and leaves of at least {@code minLeaf} rows, in parallel. */
    public static GreedyForest fit(Dataset data, int trees, int maxDepth, int minLeaf, long seed) {
        if (!data.schema().isClassification()) {
            throw new dev.lethe.data.DataException("the greedy baseline forest classifies; '" + data.schema().target().name()
                    + "' is numeric");
        }
        int n = data.size();
        int d = data.numFeatures();
        double[][] x = new double[d][n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[j][i] = data.value(i, j);
            }
            y[i] = data.label(i);
        }
        int[][] sorted = new int[d][];
        IntStream.range(0, d).parallel().forEach(j -> sorted[j] = sortedBy(x[j]));
        int classes = data.schema().numClasses();
        Node[] out = new Node[trees];
        IntStream.range(0, trees).parallel().forEach(t ->
                out[t] = new Builder(x, y, classes, sorted, maxDepth, minLeaf, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + t)).build());
        return new GreedyForest(out, classes);
    }

    private static int[] sortedBy(double[] col) {
        int[] order = new int[col.length];
        Integer[] boxed = new Integer[col.length];
        for (int i = 0; i < col.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(col[a], col[b]));
        for (int i = 0; i < col.length; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    public double[] probabilities(double[] row) {
        double[] p = new double[classes];
        for (Node tree : trees) {
            Node node = tree;
            while (node.probs == null) {
                node = row[node.feature] <= node.threshold ? node.left : node.right;
            }
            for (int c = 0; c < classes; c++) {
                p[c] += node.probs[c] / trees.length;
            }
        }
        return p;
    }

    public int predict(double[] row) {
        return Vectors.argmax(probabilities(row));
    }

    private static final class Node {
        int feature;
        double threshold;
        Node left;
        Node right;
        double[] probs;
    }

    /** Grows one tree on a bootstrap sample with presorted per-feature row orders. */
    private static final class Builder {
        private final double[][] x;
        private final int[] y;
        private final int classes;
        private final int maxDepth;
        private final int minLeaf;
        private final SplittableRandom random;
        private final int[] weight;
        private final int[][] order;
        private final boolean[] goesLeft;
        private final int[] buffer;
        private final int p;

        Builder(double[][] x, int[] y, int classes, int[][] sorted, int maxDepth, int minLeaf, SplittableRandom random) {
            this.x = x;
            this.y = y;
            this.classes = classes;
            this.maxDepth = maxDepth;
            this.minLeaf = minLeaf;
            this.random = random;
            int n = y.length;
            weight = new int[n];
            for (int i = 0; i < n; i++) {
                weight[random.nextInt(n)]++;
            }
            int used = 0;
            for (int w : weight) {
                used += w > 0 ? 1 : 0;
            }
            order = new int[x.length][used];
            for (int j = 0; j < x.length; j++) {
                int k = 0;
                for (int r : sorted[j]) {
                    if (weight[r] > 0) {
                        order[j][k++] = r;
                    }
                }
            }
            goesLeft = new boolean[n];
            buffer = new int[used];
            p = Math.max(1, (int) Math.round(Math.sqrt(x.length)));
        }

        Node build() {
            return grow(0, order[0].length, 0);
        }

        private Node grow(int lo, int hi, int depth) {
            int[] counts = new int[classes];
            int total = 0;
            for (int i = lo; i < hi; i++) {
                int r = order[0][i];
                counts[y[r]] += weight[r];
                total += weight[r];
            }
            int nonzero = 0;
            for (int c : counts) {
                nonzero += c > 0 ? 1 : 0;
            }
            if (depth >= maxDepth || total < 2 * minLeaf || nonzero <= 1) {
                return leaf(counts, total);
            }
            int[] features = sampleFeatures();
            double bestScore = Double.NEGATIVE_INFINITY;
            int bestFeature = -1;
            double bestThreshold = 0;
            int[] left = new int[classes];
            for (int f : features) {
                Arrays.fill(left, 0);
                int nl = 0;
                int[] ord = order[f];
                double[] col = x[f];
                for (int i = lo; i < hi - 1; i++) {
                    int r = ord[i];
                    left[y[r]] += weight[r];
                    nl += weight[r];
                    double v = col[r];
                    double next = col[ord[i + 1]];
                    if (v == next || nl < minLeaf || total - nl < minLeaf) {
                        continue;
                    }
                    double sl = 0;
                    double sr = 0;
                    for (int c = 0; c < classes; c++) {
                        double l = left[c];
                        double rr = counts[c] - l;
                        sl += l * l;
                        sr += rr * rr;
                    }
                    double score = sl / nl + sr / (total - nl);
                    if (score > bestScore) {
                        bestScore = score;
                        bestFeature = f;
                        bestThreshold = v + (next - v) / 2;
                        if (bestThreshold >= next) {
                            bestThreshold = v;
                        }
                    }
                }
            }
            if (bestFeature < 0) {
                return leaf(counts, total);
            }
            int mid = lo;
            for (int i = lo; i < hi; i++) {
                int r = order[bestFeature][i];
                goesLeft[r] = x[bestFeature][r] <= bestThreshold;
                mid += goesLeft[r] ? 1 : 0;
            }
            for (int[] ord : order) {
                int a = lo;
                int b = 0;
                for (int i = lo; i < hi; i++) {
                    int r = ord[i];
                    if (goesLeft[r]) {
                        ord[a++] = r;
                    } else {
                        buffer[b++] = r;
                    }
                }
                System.arraycopy(buffer, 0, ord, a, b);
            }
            Node node = new Node();
            node.feature = bestFeature;
            node.threshold = bestThreshold;
            node.left = grow(lo, mid, depth + 1);
            node.right = grow(mid, hi, depth + 1);
            return node;
        }

        private int[] sampleFeatures() {
            int d = x.length;
            int[] all = new int[d];
            for (int j = 0; j < d; j++) {
                all[j] = j;
            }
            for (int i = 0; i < p; i++) {
                int j = i + random.nextInt(d - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            return Arrays.copyOf(all, p);
        }

        private Node leaf(int[] counts, int total) {
            Node node = new Node();
            node.probs = new double[classes];
            for (int c = 0; c < classes; c++) {
                node.probs[c] = total == 0 ? 1.0 / classes : (double) counts[c] / total;
            }
            return node;
        }
    }
}
