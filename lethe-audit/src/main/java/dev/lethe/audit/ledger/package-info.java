/**
 * The ledger: an append-only, hash-chained (SHA-256) log of forget receipts, each entry signed with
 * Ed25519, so that nobody can quietly alter, drop, insert or reorder a record of what was forgotten.
 * Keys and the secret for keyed hashing of subject IDs (HMAC-SHA256) live in the Lethe home
 * directory ({@link dev.lethe.audit.ledger.HomeSecrets}), created on first use. Entries are JSON lines.
 */
package dev.lethe.audit.ledger;
