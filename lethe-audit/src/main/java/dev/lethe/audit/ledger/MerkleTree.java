package dev.lethe.audit.ledger;

import dev.lethe.model.Digests;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree hash of a batch of ledger entries and the audit path that proves one entry is in it,
 * as Certificate Transparency defines them (RFC 6962 §2.1, RFC 9162 §2.1): a leaf is SHA-256 over a zero
 * byte and the entry's hash, an inner node SHA-256 over a one byte and its two children, and a tree of
 * {@code n} leaves splits at the largest power of two below {@code n}. The distinct prefixes keep a leaf
 * from passing for an inner node (a second-preimage attack on the tree).
 *
 * <p>The ledger signs one root per append ({@link BatchSeal}), so the path from an entry to that root
 * ({@code ⌈log₂ n⌉} hashes) and the one signature show the entry is in the signed ledger without the
 * other entries of its batch.
 */
final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private MerkleTree() {
    }

    /** The root (hex) over entry hashes (hex), in order; a batch has at least one entry. */
    static String root(List<String> entryHashes) {
        if (entryHashes.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one entry");
        }
        MessageDigest sha = Digests.sha256();
        List<byte[]> level = new ArrayList<>(entryHashes.size());
        for (String h : entryHashes) {
            level.add(leaf(sha, h));
        }
        return HEX.formatHex(subtreeRoot(sha, level, 0, level.size()));
    }

    /** The audit path (hex, from the leaf up) of the entry at {@code index} among {@code entryHashes} (RFC 6962 §2.1.1). */
    static List<String> path(List<String> entryHashes, int index) {
        if (index < 0 || index >= entryHashes.size()) {
            throw new IllegalArgumentException("entry " + index + " is not among the " + entryHashes.size() + " of its batch");
        }
        MessageDigest sha = Digests.sha256();
        List<byte[]> leaves = new ArrayList<>(entryHashes.size());
        for (String h : entryHashes) {
            leaves.add(leaf(sha, h));
        }
        List<String> out = new ArrayList<>();
        path(sha, leaves, index, 0, leaves.size(), out);
        return out;
    }

    /**
     * The root an audit path leads to from the entry hash at {@code index} of a batch of {@code size}
     * (RFC 9162 §2.1.3.2), or {@code null} when the path's length does not fit the batch.
     */
    static String rootFromPath(String entryHash, long index, long size, List<String> path) {
        if (index < 0 || index >= size) {
            return null;
        }
        MessageDigest sha = Digests.sha256();
        byte[] r = leaf(sha, entryHash);
        long fn = index;
        long sn = size - 1;
        for (String p : path) {
            if (sn == 0) {
                return null;
            }
            byte[] sibling;
            try {
                sibling = HEX.parseHex(p);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(sha, sibling, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(sha, r, sibling);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? HEX.formatHex(r) : null;
    }

    private static void path(MessageDigest sha, List<byte[]> leaves, int index, int from, int to, List<String> out) {
        if (to - from == 1) {
            return;
        }
        int k = split(to - from);
        if (index < from + k) {
            path(sha, leaves, index, from, from + k, out);
            out.add(HEX.formatHex(subtreeRoot(sha, leaves, from + k, to)));
        } else {
            path(sha, leaves, index, from + k, to, out);
            out.add(HEX.formatHex(subtreeRoot(sha, leaves, from, from + k)));
        }
    }

    private static byte[] subtreeRoot(MessageDigest sha, List<byte[]> leaves, int from, int to) {
        if (to - from == 1) {
            return leaves.get(from);
        }
        int k = split(to - from);
        return node(sha, subtreeRoot(sha, leaves, from, from + k), subtreeRoot(sha, leaves, from + k, to));
    }

    /** The largest power of two smaller than {@code n} (n ≥ 2). */
    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] leaf(MessageDigest sha, String entryHash) {
        sha.update((byte) 0);
        sha.update(decode(entryHash));
        return sha.digest();
    }

    private static byte[] node(MessageDigest sha, byte[] left, byte[] right) {
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** An entry hash's bytes; a hash that is not hex (a tampered entry) is hashed as its text, which matches no signed root. */
    private static byte[] decode(String hex) {
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return hex.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
