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
 */
final class ForestCodec {

    /** Tag of a pending subtree: its remaining rows follow, ascending. */
    static final byte PENDING = 5;

    private ForestCodec() {
    }

    static void write(DataOutputStream out, ForestNode node, ForestColumns cols) throws IOException {
        if (node.stale) {
            out.writeByte(PENDING);
            StateCodec.writeInts(out, sortedRows(ForestModel.gather(node), cols.recordId.length));
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
            StateCodec.writeInts(out, node.liveRows());
            return;
        }
        if (!cols.classification) {
            StateCodec.writeDoubles(out, node.leftSums);
        }
        out.writeInt(node.split);
        write(out, node.left, cols);
        write(out, node.right, cols);
    }

    static ForestNode read(DataInputStream in, long key, int depth, ForestColumns cols) throws IOException {
        if (depth > 64) {
            throw corrupt("tree deeper than 64 levels");
        }
        ForestNode node = new ForestNode(key, depth);
        node.kind = in.readByte();
        if (node.kind == PENDING) {
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
            node.rows = rows(StateCodec.readInts(in), rowsTotal);
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
        node.left = read(in, ForestHash.childKey(key, 0), depth + 1, cols);
        node.right = read(in, ForestHash.childKey(key, 1), depth + 1, cols);
        return node;
    }

    /** Distinct rows in [0, total), sorted through a bit set: a pending root holds a large share of all rows. */
    private static int[] sortedRows(int[] rows, int total) {
        java.util.BitSet set = new java.util.BitSet(total);
        for (int r : rows) {
            set.set(r);
        }
        int[] out = new int[rows.length];
        int k = 0;
        for (int r = set.nextSetBit(0); r >= 0; r = set.nextSetBit(r + 1)) {
            out[k++] = r;
        }
        return out;
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
