package dev.lethe.models.trees;

import java.nio.charset.StandardCharsets;

/**
 * The forest's only source of randomness: 64-bit hashes of the seed, a tree, a node's path and
 * record IDs. Because every random choice is a pure function of these, a subtree retrained after
 * a deletion makes exactly the choices training on the remaining data makes at that node
 * (DynFrs, ICLR 2025, derives its randomness per node the same way for the same reason).
 */
final class ForestHash {

    private static final long LEFT = 0x9E3779B97F4A7C15L;
    private static final long RIGHT = 0xC2B2AE3D27D4EB4FL;

    private ForestHash() {
    }

    /** SplitMix64's finaliser: a bijective avalanche of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The key of a tree's root. */
    static long rootKey(long seed, int tree) {
        return mix(mix(seed ^ 0x5EED5EEDL) + tree * LEFT);
    }

    /** The key of a node's left (side 0) or right (side 1) child. */
    static long childKey(long parent, int side) {
        return mix(parent + (side == 0 ? LEFT : RIGHT));
    }

    /** The hash of a record ID, from which its trees and its sampling priorities derive. */
    static long recordHash(long recordId) {
        return mix(recordId * 0xD6E8FEB86659FD93L + 0x1234567L);
    }

    /** A value's priority for a feature at a node ({@code base} from {@link #valueBase}): the k distinct values of lowest priority are its candidate thresholds. */
    static long valuePriority(long base, double value) {
        return mix(base + Double.doubleToLongBits(value));
    }

    /** The per-node, per-feature part of {@link #valuePriority}. */
    static long valueBase(long nodeKey, long featureHash) {
        return mix(nodeKey ^ featureHash);
    }

    /** A feature's rank at a node: the features of lowest rank are the ones the node considers. */
    static long featureRank(long nodeKey, long featureHash) {
        return mix(nodeKey * 31 + featureHash);
    }

    /** A uniform number in [0, 1) for the node's random split. */
    static double uniform(long nodeKey) {
        return (mix(nodeKey ^ 0x7A11A7E5L) >>> 11) * 0x1.0p-53;
    }

    /** A stable hash of a feature name (so a model without a feature ranks the others alike). */
    static long nameHash(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /**
     * The trees a record goes to: {@code m} distinct trees of {@code trees}, ascending, drawn from
     * the record's hash and the seed (OCC(q) of DynFrs).
     */
    static int[] treesOf(long seed, long recordHash, int trees, int m) {
        int[] out = new int[m];
        if (m == trees) {
            for (int t = 0; t < m; t++) {
                out[t] = t;
            }
            return out;
        }
        long state = mix(seed ^ recordHash ^ 0x0CC0CC0CL);
        long[] drawn = new long[(trees + 63) >>> 6]; // a bit per tree: draws repeat until m distinct ones
        int k = 0;
        while (k < m) {
            state += LEFT;
            int t = (int) (((mix(state) >>> 33) * trees) >>> 31);
            if ((drawn[t >>> 6] & 1L << t) == 0) {
                drawn[t >>> 6] |= 1L << t;
                k++;
            }
        }
        int at = 0;
        for (int w = 0; w < drawn.length; w++) { // ascending: the bits in order
            for (long bits = drawn[w]; bits != 0; bits &= bits - 1) {
                out[at++] = (w << 6) + Long.numberOfTrailingZeros(bits);
            }
        }
        return out;
    }
}
