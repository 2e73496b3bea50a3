package dev.lethe.audit.ledger;

/**
 * Where the ledger ends: its number of entries and the hash of the last one (64 zeros when empty).
 * The registry of a home records it after each of the worker's appends ({@link LedgerExpectation}).
 */
public record LedgerHead(long entries, String hash) {
}
