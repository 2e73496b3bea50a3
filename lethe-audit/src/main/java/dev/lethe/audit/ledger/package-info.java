/**
 * The ledger: an append-only, hash-chained (SHA-256) log of forget receipts, each append sealed by one
 * Ed25519 signature over the Merkle tree hash of its entries ({@link dev.lethe.audit.ledger.BatchSeal},
 * RFC 6962), so that nobody can quietly alter, drop, insert or reorder a record of what was forgotten,
 * and one entry can be shown to be in it ({@link dev.lethe.audit.ledger.InclusionProof}).
 * {@link dev.lethe.audit.ledger.Ledger} is the entry point; behind it sit two storage layers, the file
 * (OS file lock, durable append, signed head) and the registry database for PostgreSQL homes (head row
 * locked per append, one JDBC batch per append), and what both share: the canonical-JSON codec, the index that makes appends
 * idempotent without re-reading the file, the fork guard over each model's digest chain, and the
 * verifier (which follows key rotations and checks what the registry recorded). Keys and the secret
 * for keyed hashing of subject IDs (HMAC-SHA256) live in the Lethe home directory
 * ({@link dev.lethe.audit.ledger.HomeSecrets}), made once by {@code lethe init} or a brand-new home's
 * first use, never again. Entries are JSON lines.
 */
package dev.lethe.audit.ledger;
