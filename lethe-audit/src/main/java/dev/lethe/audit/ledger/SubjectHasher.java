package dev.lethe.audit.ledger;

import dev.lethe.model.Digests;
import dev.lethe.store.SubjectKeys;

/**
 * Keyed hashes of subject IDs (HMAC-SHA256, RFC 2104, with the Lethe home's secret). Unlike a plain
 * SHA-256 pseudonym, nobody without the secret can confirm a guessed ID by hashing it, yet the same
 * subject always gets the same hash, so the ledger can show that one person's requests were honoured.
 *
 * <p>The secret is never rotated: a new one would change every subject's hash in the ledger and the
 * registry, and a person's earlier requests could no longer be linked to later ones. Only the
 * signing key rotates ({@link Ledger#rotateKey()}).
 */
public final class SubjectHasher {

    private static final String PREFIX = "hmac-sha256:";
    private final SubjectKeys keys;

    public SubjectHasher(byte[] secret) {
        this.keys = new SubjectKeys(secret);
    }

    /** {@code hmac-sha256:} and the first 32 hex digits (128 bits) of the HMAC of the UTF-8 ID. */
    public String hash(String subjectId) {
        return PREFIX + Digests.hex(keys.of(subjectId)); // the digest the registry indexes records by
    }

    /** The secret's keyed fingerprint ({@link SubjectKeys#fingerprint()}), which the registry records. */
    public String fingerprint() {
        return keys.fingerprint();
    }
}
