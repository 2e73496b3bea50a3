package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.Digests;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch's Merkle tree (RFC 6962 §2.1): every audit path leads back to the root, and nothing else does. */
class MerkleTreeTest {

    private static String h(int i) {
        return EntryCodec.hash("entry " + i);
    }

    private static List<String> hashes(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(h(i));
        }
        return out;
    }

    private static String sha(byte prefix, byte[]... parts) {
        var d = Digests.sha256();
        d.update(prefix);
        for (byte[] p : parts) {
            d.update(p);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    void smallTreesHashAsRfc6962DefinesThem() {
        HexFormat hex = HexFormat.of();
        String leaf0 = sha((byte) 0, hex.parseHex(h(0)));
        String leaf1 = sha((byte) 0, hex.parseHex(h(1)));
        String leaf2 = sha((byte) 0, hex.parseHex(h(2)));
        assertThat(MerkleTree.root(hashes(1))).isEqualTo(leaf0);
        String left = sha((byte) 1, hex.parseHex(leaf0), hex.parseHex(leaf1));
        assertThat(MerkleTree.root(hashes(2))).isEqualTo(left);
        assertThat(MerkleTree.root(hashes(3))).as("split at the largest power of two below 3")
                .isEqualTo(sha((byte) 1, hex.parseHex(left), hex.parseHex(leaf2)));
    }

    @Test
    void everyPathLeadsToTheRootAndOnlyForItsOwnEntryAndPlace() {
        for (int n = 1; n <= 33; n++) {
            List<String> batch = hashes(n);
            String root = MerkleTree.root(batch);
            for (int i = 0; i < n; i++) {
                List<String> path = MerkleTree.path(batch, i);
                assertThat(path.size()).as("n=%d i=%d", n, i).isLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(n - 1));
                assertThat(MerkleTree.rootFromPath(batch.get(i), i, n, path)).as("n=%d i=%d", n, i).isEqualTo(root);
                assertThat(MerkleTree.rootFromPath(h(1000), i, n, path)).isNotEqualTo(root);
                if (n > 1) {
                    String elsewhere = MerkleTree.rootFromPath(batch.get(i), (i + 1) % n, n, path);
                    assertThat(elsewhere).as("n=%d i=%d at another place", n, i).isNotEqualTo(root);
                }
            }
            List<String> changed = new ArrayList<>(batch);
            changed.set(n / 2, h(2000));
            assertThat(MerkleTree.root(changed)).isNotEqualTo(root);
        }
    }
}
