package dev.lethe.models.trees;

import dev.lethe.model.ModelFileException;
import dev.lethe.model.StateCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Writes and reads trees in pre-order, caches included, so a loaded forest forgets at once without
 * recomputing anything. Keys and depths follow from the path and are not stored. Everything read
 * is range-checked; {@link ForestModel#verifyInvariants()} checks the rest on demand.
 *
 * <p>A pending (stale) subtree is written as {@link #PENDING} and its remaining rows only: its
 * splits were chosen with records since forgotten, so they must not reach the file, and the rows
 * are all it is retrained from (DynFrs' lazy tag survives the round trip). Saving a model after a
 * forget therefore costs no retraining; the first prediction that reaches the subtree pays for it.
 *
 * <p>Since state version 3 the rows of leaves and pending subtrees are not written at all, only
 * their number: they are exactly the tree's remaining records (OCC(q)) that the splits route there,
 * ascending, so {@link #routeRows} recomputes them from the training records on load. They were
 * most of a forest's bytes (each record in ⌈q·T⌉ trees), and a registry writes a forest per batch.
 */
final class ForestCodec {

    /** Tag of a pending subtree: its remaining rows follow, ascending (version 3: their count). */
    static final byte PENDING = 5;
    /** First state version whose leaf and pending rows are routed on load rather than stored. */
    static final int ROUTED = 3;

    private ForestCodec() {
    }

    static void write(DataOutputStream out, ForestNode node, ForestColumns cols) throws IOException {
        if (node.stale) {
            out.writeByte(PENDING);
            out.writeInt(node.n); // a pending subtree's size is kept as its remaining rows (ForestInvariants checks it)
            return;
        }
        out.writeByte(node.kind);
        out.writeInt(node.n);
        out.writeDouble(node.sumHi);
        out.writeDouble(node.sumLo);
        out.writeInt(node.p);
        out.writeInt(node.nc);
        StateCodec.writeInts(out, node.stats);
        if (node.hasCandidates()) {
            StateCodec.writeDoubles(out, node.thresholds);
        }
        if (node.isLeaf()) {
            return; // its rows follow from routing (n is written above)
        }
        if (!cols.classification) {
            StateCodec.writeDoubles(out, node.leftSums);
        }
        out.writeInt(node.split);
        write(out, node.left, cols);
        write(out, node.right, cols);
    }

    /** Reads a tree of the current version (rows to be filled by {@link #routeRows}). */
    static ForestNode read(DataInputStream in, long key, int depth, ForestColumns cols) throws IOException {
        return read(in, key, depth, cols, ForestModel.STATE_VERSION);
    }

    static ForestNode read(DataInputStream in, long key, int depth, ForestColumns cols, int version) throws IOException {
        if (depth > 64) {
            throw corrupt("tree deeper than 64 levels");
        }
        ForestNode node = new ForestNode(key, depth);
        node.kind = in.readByte();
        if (node.kind == PENDING) {
            if (version >= ROUTED) {
                int n = in.readInt();
                if (n < 0 || n > cols.recordId.length) {
                    throw corrupt("pending subtree of " + n + " rows");
                }
                return ForestNode.pending(key, depth, new int[n]);
            }
            return ForestNode.pending(key, depth, rows(requireAscending(StateCodec.readInts(in)), cols.recordId.length));
        }
        if (node.kind < ForestNode.INTERNAL || node.kind > ForestNode.NO_SPLIT) {
            throw corrupt("node kind " + node.kind);
        }
        node.n = in.readInt();
        int rowsTotal = cols.recordId.length;
        if (node.n < 0 || node.n > rowsTotal) {
            throw corrupt("node size " + node.n);
        }
        node.sumHi = in.readDouble();
        node.sumLo = in.readDouble();
        node.classes = cols.numClasses;
        node.p = in.readInt();
        node.nc = in.readInt();
        boolean candidates = node.kind == ForestNode.INTERNAL || node.kind == ForestNode.NO_SPLIT;
        if (node.p < 0 || node.p > cols.numFeatures() || node.nc < 0 || node.nc > 1 << 20 || (node.p > 0) != candidates) {
            throw corrupt(node.p + " features and " + node.nc + " candidates at a node of kind " + node.kind);
        }
        node.stats = StateCodec.readInts(in);
        int expected = node.classes + (candidates ? 2 * node.p + 1 + 2 * node.nc : 0)
                + (node.kind == ForestNode.INTERNAL ? node.nc * node.classes : 0);
        if (node.stats.length != expected) {
            throw corrupt(node.stats.length + " statistics where " + expected + " belong");
        }
        if (candidates) {
            for (int f = 0; f < node.p; f++) {
                if (node.feature(f) < 0 || node.feature(f) >= cols.numFeatures()) {
                    throw corrupt("feature " + node.feature(f));
                }
                if (node.candStart(f) < 0 || node.candStart(f) > node.candStart(f + 1)) {
                    throw corrupt("candidate ranges are not ascending");
                }
            }
            if (node.candStart(0) != 0 || node.candStart(node.p) != node.nc) {
                throw corrupt("candidate ranges do not cover the candidates");
            }
            node.thresholds = StateCodec.readDoubles(in);
            if (node.thresholds.length != node.nc) {
                throw corrupt(node.thresholds.length + " thresholds for " + node.nc + " candidates");
            }
        }
        if (node.isLeaf()) {
            node.rows = version >= ROUTED ? new int[node.n] : rows(StateCodec.readInts(in), rowsTotal);
            if (node.rows.length != node.n) {
                throw corrupt("leaf of size " + node.n + " holds " + node.rows.length + " rows");
            }
            return node;
        }
        if (!cols.classification) {
            node.leftSums = StateCodec.readDoubles(in);
            if (node.leftSums.length != 2 * node.nc) {
                throw corrupt("left sums do not match the candidates");
            }
        }
        node.split = in.readInt();
        if (node.split < 0 || node.split >= node.nc) {
            throw corrupt("split candidate " + node.split + " of " + node.nc);
        }
        node.splitFeature = node.candidateFeature(node.split);
        node.splitThreshold = node.thresholds[node.split];
        node.left = read(in, ForestHash.childKey(key, 0), depth + 1, cols, version);
        node.right = read(in, ForestHash.childKey(key, 1), depth + 1, cols, version);
        return node;
    }

    /**
     * Fills the rows of a version-3 tree's leaves and pending subtrees (sized as read): each of the
     * tree's remaining rows, ascending, goes where the splits route it.
     *
     * @throws ModelFileException when the rows do not fill the leaves exactly (the training records
     *                            are not those the forest was saved with)
     */
    static void routeRows(ForestNode root, int[] share, ForestColumns cols) {
        java.util.IdentityHashMap<ForestNode, int[]> fill = new java.util.IdentityHashMap<>();
        for (int r : share) {
            ForestNode node = root;
            while (!node.isLeaf()) {
                node = cols.goesLeft(r, node.splitFeature, node.splitThreshold) ? node.left : node.right;
            }
            int[] at = fill.computeIfAbsent(node, k -> new int[1]);
            if (at[0] == node.rows.length) {
                throw corrupt("more rows reach a leaf than the " + node.rows.length + " it held");
            }
            node.rows[at[0]++] = r;
        }
        requireFilled(root, fill);
    }

    private static void requireFilled(ForestNode node, java.util.Map<ForestNode, int[]> fill) {
        if (node.isLeaf()) {
            int[] at = fill.get(node);
            if ((at == null ? 0 : at[0]) != node.rows.length) {
                throw corrupt("a leaf held " + node.rows.length + " rows, " + (at == null ? 0 : at[0]) + " reach it");
            }
            return;
        }
        requireFilled(node.left, fill);
        requireFilled(node.right, fill);
    }

    private static int[] requireAscending(int[] rows) {
        for (int i = 1; i < rows.length; i++) {
            if (rows[i] <= rows[i - 1]) {
                throw corrupt("the rows of a pending subtree are not strictly ascending");
            }
        }
        return rows;
    }

    private static int[] rows(int[] rows, int total) {
        for (int r : rows) {
            if (r < 0 || r >= total) {
                throw corrupt("row " + r + " of " + total);
            }
        }
        return rows;
    }

    private static ModelFileException corrupt(String what) {
        return new ModelFileException("corrupted forest state: " + what);
    }
}
