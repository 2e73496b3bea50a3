package dev.lethe.models.trees;

import dev.lethe.model.TrainingRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a forest against the invariants its exact guarantee rests on, by recomputing every node
 * with the training code ({@link TreeGrower}) from the rows below it. See
 * {@link ForestModel#verifyInvariants()} for the list.
 */
final class ForestInvariants {

    private final long seed;
    private final ForestColumns cols;
    private final TreeGrower grower;
    private final TrainingRecords records;

    ForestInvariants(long seed, ForestColumns cols, TreeGrower grower, TrainingRecords records) {
        this.seed = seed;
        this.cols = cols;
        this.grower = grower;
        this.records = records;
    }

    List<String> check(ForestNode[] roots, int[][] expected) {
        List<String> problems = new ArrayList<>();
        for (int t = 0; t < roots.length; t++) {
            int[] held = check(roots[t], ForestHash.rootKey(seed, t), 0, false, "tree " + t, problems);
            Arrays.sort(held);
            int[] want = expected[t].clone();
            Arrays.sort(want);
            if (!Arrays.equals(held, want)) {
                problems.add("tree " + t + " holds " + held.length + " rows, OCC(q) gives it " + want.length + " remaining rows");
            }
            if (problems.size() > 50) {
                break;
            }
        }
        return problems;
    }

    private int[] check(ForestNode node, long key, int depth, boolean underStale, String path, List<String> problems) {
        if (node.key != key || node.depth != depth) {
            problems.add(path + ": key or depth does not follow from the path");
        }
        boolean stale = underStale || node.stale;
        int[] rows;
        if (node.isLeaf()) {
            rows = node.liveRows();
            for (int v : node.rows) {
                if (v < 0 && !records.isRemoved(~v)) {
                    problems.add(path + ": leaf has a tombstone for live record " + cols.recordId[~v]);
                }
            }
            for (int i = 0; i < rows.length; i++) {
                if (records.isRemoved(rows[i]) && !underStale) { // a pending node lists those it still holds
                    problems.add(path + ": leaf holds forgotten record " + cols.recordId[rows[i]]);
                }
                if (i > 0 && rows[i] <= rows[i - 1]) {
                    problems.add(path + ": leaf rows are not ascending");
                }
            }
        } else {
            int[] l = check(node.left, ForestHash.childKey(key, 0), depth + 1, stale, path + "L", problems);
            int[] r = check(node.right, ForestHash.childKey(key, 1), depth + 1, stale, path + "R", problems);
            if (!stale) {
                for (int row : l) {
                    if (!cols.goesLeft(row, node.splitFeature, node.splitThreshold)) {
                        problems.add(path + ": row in the left subtree fails the split");
                    }
                }
                for (int row : r) {
                    if (cols.goesLeft(row, node.splitFeature, node.splitThreshold)) {
                        problems.add(path + ": row in the right subtree passes the split");
                    }
                }
            }
            rows = new int[l.length + r.length];
            System.arraycopy(l, 0, rows, 0, l.length);
            System.arraycopy(r, 0, rows, l.length, r.length);
            if (node.forgotten != null) {
                int[] listed = node.forgotten;
                rows = Arrays.stream(rows).filter(row -> Arrays.binarySearch(listed, row) < 0).toArray();
            }
            if (node.stale && !underStale) {
                for (int row : rows) {
                    if (records.isRemoved(row)) {
                        problems.add(path + ": pending subtree holds forgotten record " + cols.recordId[row]
                                + " without listing it");
                    }
                }
            }
        }
        if (!stale) {
            compare(node, rows, path, problems);
        } else if (node.stale && !underStale && node.n != rows.length) {
            problems.add(path + ": pending subtree of size " + node.n + " holds " + rows.length + " rows");
        }
        return rows;
    }

    /** Compares a node's caches and decision with a node recomputed from {@code rows} by the training code. */
    private void compare(ForestNode node, int[] rows, String path, List<String> problems) {
        ForestNode fresh = new ForestNode(node.key, node.depth);
        int[] work = rows.clone();
        grower.totals(fresh, work, 0, work.length);
        if (fresh.n != node.n) {
            problems.add(path + ": cached size " + node.n + ", recomputed " + fresh.n);
        }
        if (cols.classification ? !Arrays.equals(fresh.stats, 0, cols.numClasses, node.stats, 0, cols.numClasses)
                : !close(fresh.sum(), node.sum())) {
            problems.add(path + ": cached totals differ from recomputation");
        }
        byte kind = grower.kindBeforeSplit(fresh);
        if (kind != ForestNode.INTERNAL) {
            if (node.kind != kind) {
                problems.add(path + ": kind " + node.kind + ", the stopping rule says " + kind);
            }
            return;
        }
        grower.splitStatistics(fresh, work, 0, work.length);
        int s = grower.select(fresh);
        if (s < 0) {
            if (node.kind != ForestNode.NO_SPLIT || !sameCandidates(node, fresh)) {
                problems.add(path + ": training would make a leaf without a valid split here");
            }
            return;
        }
        if (node.isLeaf()) {
            problems.add(path + ": a leaf (kind " + node.kind + ") where training would split");
            return;
        }
        if (!sameCandidates(node, fresh)) {
            problems.add(path + ": cached candidates differ from recomputation");
        }
        if (cols.classification ? !Arrays.equals(node.stats, fresh.stats) : !closeSums(node.leftSums, fresh.leftSums)) {
            problems.add(path + ": cached left statistics differ from recomputation");
        }
        if (fresh.candidateFeature(s) != node.splitFeature || fresh.thresholds[s] != node.splitThreshold || s != node.split) {
            problems.add(path + ": split is not the one training would choose");
        }
    }

    private static boolean sameCandidates(ForestNode a, ForestNode b) {
        int end = a.leftCountsAt();
        return a.p == b.p && a.nc == b.nc && a.stats.length >= end && b.stats.length >= end
                && Arrays.equals(a.stats, a.classes, end, b.stats, b.classes, end)
                && Arrays.equals(a.thresholds, b.thresholds);
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    }

    private static boolean closeSums(double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i += 2) {
            if (!close(a[i] + a[i + 1], b[i] + b[i + 1])) {
                return false;
            }
        }
        return true;
    }
}
