package dev.lethe.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the ledger signs for one append: the numbers of the batch's first and last entries and the
 * Merkle tree hash of their entry hashes ({@link MerkleTree}), in the manner of Certificate
 * Transparency's signed tree head (RFC 6962 §3.5) and of Crosby and Wallach's tamper-evident logs
 * (USENIX Security 2009). The signature is stored on the batch's last entry; the entries before it in
 * the batch store none. Since each entry's hash also covers the hash before it, the signature covers
 * every entry before the batch as well; the root lets one entry be shown to be in the signed ledger by
 * its audit path alone ({@link InclusionProof}). A batch is the run of unsigned entries up to and
 * including the next signed one, so removing a signature changes the batch the next one covers, and
 * that signature no longer verifies.
 *
 * <p>Ledgers written before batches were sealed signed every entry's hash on its own; the verifier
 * still accepts such a signature on an entry that is a batch of one ({@link #signsEntryAlone}).
 *
 * @param first the number of the batch's first entry
 * @param last  the number of its last entry, which carries the signature
 * @param root  the Merkle tree hash (hex) of the batch's entry hashes
 */
record BatchSeal(long first, long last, String root) {

    static BatchSeal of(long first, List<String> entryHashes) {
        return new BatchSeal(first, first + entryHashes.size() - 1, MerkleTree.root(entryHashes));
    }

    /** The signed message: {@code lethe-ledger-seal:v1:FIRST:LAST:ROOT}. */
    byte[] message() {
        return ("lethe-ledger-seal:v1:" + first + ":" + last + ":" + root).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code signature} is the old form, the entry's own hash signed, which a batch of one entry may carry. */
    static boolean signsEntryAlone(Ed25519Keys key, String entryHash, byte[] signature) {
        return key.verify(entryHash.getBytes(StandardCharsets.UTF_8), signature);
    }
}
