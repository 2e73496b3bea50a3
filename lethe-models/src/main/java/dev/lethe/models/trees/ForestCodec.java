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
 */
final class ForestCodec {

    private ForestCodec() {
    }

    static void write(DataOutputStream out, ForestNode node, ForestColumns cols) throws IOException {
        if (node.stale) {
            throw new IllegalStateException("compact the forest before writing it");
        }
        out.writeByte(node.kind);
        out.writeInt(node.n);
        if (cols.classification) {
            StateCodec.writeInts(out, node.counts);
        } else {
            out.writeDouble(node.sumHi);
            out.writeDouble(node.sumLo);
        }
        if (node.kind == ForestNode.NO_SPLIT || node.kind == ForestNode.INTERNAL) {
            StateCodec.writeInts(out, node.features);
            StateCodec.writeInts(out, node.candStart);
            StateCodec.writeDoubles(out, node.thresholds);
            StateCodec.writeInts(out, node.leftN);
            StateCodec.writeInts(out, node.equalN);
        }
        if (node.isLeaf()) {
            StateCodec.writeInts(out, node.liveRows());
            return;
        }
        if (cols.classification) {
            StateCodec.writeInts(out, node.leftCounts);
        } else {
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
        if (node.kind < ForestNode.INTERNAL || node.kind > ForestNode.NO_SPLIT) {
            throw corrupt("node kind " + node.kind);
        }
        node.n = in.readInt();
        int rowsTotal = cols.recordId.length;
        if (node.n < 0 || node.n > rowsTotal) {
            throw corrupt("node size " + node.n);
        }
        if (cols.classification) {
            node.counts = StateCodec.readInts(in);
            if (node.counts.length != cols.numClasses) {
                throw corrupt(node.counts.length + " class counts for " + cols.numClasses + " classes");
            }
        } else {
            node.sumHi = in.readDouble();
            node.sumLo = in.readDouble();
        }
        if (node.kind == ForestNode.NO_SPLIT || node.kind == ForestNode.INTERNAL) {
            readCandidates(in, node, cols);
        }
        if (node.isLeaf()) {
            node.rows = rows(StateCodec.readInts(in), rowsTotal);
            if (node.rows.length != node.n) {
                throw corrupt("leaf of size " + node.n + " holds " + node.rows.length + " rows");
            }
            return node;
        }
        int c = node.thresholds.length;
        if (cols.classification) {
            node.leftCounts = StateCodec.readInts(in);
            if (node.leftCounts.length != c * cols.numClasses) {
                throw corrupt("left class counts do not match the candidates");
            }
        } else {
            node.leftSums = StateCodec.readDoubles(in);
            if (node.leftSums.length != 2 * c) {
                throw corrupt("left sums do not match the candidates");
            }
        }
        node.split = in.readInt();
        if (node.split < 0 || node.split >= c) {
            throw corrupt("split candidate " + node.split + " of " + c);
        }
        node.splitFeature = node.candidateFeature(node.split);
        node.splitThreshold = node.thresholds[node.split];
        node.left = read(in, ForestHash.childKey(key, 0), depth + 1, cols);
        node.right = read(in, ForestHash.childKey(key, 1), depth + 1, cols);
        return node;
    }

    private static void readCandidates(DataInputStream in, ForestNode node, ForestColumns cols) throws IOException {
        node.features = StateCodec.readInts(in);
        for (int f : node.features) {
            if (f < 0 || f >= cols.numFeatures()) {
                throw corrupt("feature " + f);
            }
        }
        node.candStart = StateCodec.readInts(in);
        node.thresholds = StateCodec.readDoubles(in);
        node.leftN = StateCodec.readInts(in);
        node.equalN = StateCodec.readInts(in);
        int c = node.thresholds.length;
        if (node.candStart.length != node.features.length + 1 || node.candStart[0] != 0
                || node.candStart[node.features.length] != c || node.leftN.length != c || node.equalN.length != c) {
            throw corrupt("candidate arrays do not match");
        }
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
