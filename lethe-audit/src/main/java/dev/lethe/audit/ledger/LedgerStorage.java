package dev.lethe.audit.ledger;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a ledger's entries and its signed head are kept: the seam between {@link Ledger} (which
 * hashes, chains, signs, indexes and verifies, the same for every storage) and the bytes. Two
 * storages: {@link LedgerFile}, files in the Lethe home serialised by an operating-system lock (one
 * machine), and {@link LedgerTable}, tables in the registry database serialised by a row lock on the
 * head (every server of a PostgreSQL registry).
 *
 * <p>An entry is stored as its line: the canonical JSON with {@code hash} and {@code signature}
 * appended ({@link EntryCodec#line}). A position names where an entry starts (a byte offset in the
 * file, the number of entries before it in the table); {@link #tip()} is the position after the last.
 */
interface LedgerStorage {

    /** Work done while holding the writers' lock. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws IOException;
    }

    /** A stored line and the position it starts at. */
    record Line(long offset, String text) {
    }

    /** An entry to store: its number, the request ID it answers (or {@code null}), canonical JSON, hash and signature. */
    record Written(long seq, String requestId, String canonical, String hash, String signature) {
        String line() {
            return EntryCodec.line(canonical, hash, signature);
        }
    }

    /** The signed head as recorded: entries, last hash and signature. */
    record Head(long entries, String hash, String signature) {
        static String message(long entries, String hash) {
            return "lethe-ledger-head:" + entries + ":" + hash;
        }
    }

    /**
     * Where the stored entries end: the position after the last one, and the last entry's hash where the
     * storage knows it without reading the entries (the table's head row), else {@code null}.
     */
    record Tip(long position, String hash) {
    }

    /** Runs {@code work} holding the lock that serialises writers in every process; what it writes is stored together. */
    <T> T locked(Locked<T> work);

    /** Whether the storage holds a ledger at all (a deleted ledger file does not). */
    boolean exists();

    /** Whether nothing was ever stored: no entry and no signed head (a new ledger is created then). */
    boolean isNew() throws IOException;

    /**
     * Whether a new, empty ledger may be created whenever one is opened here, rather than only with the
     * home's keys: the table's empty, unsigned head is made by the registry's migration, so it cannot be
     * a ledger someone deleted, while a missing ledger file can be.
     */
    boolean createdByRegistry();

    Tip tip() throws IOException;

    /** The lines from {@code position} up to {@code end} (a {@link #tip()} read before), with the position each starts at. */
    List<Line> linesFrom(long position, long end) throws IOException;

    /** The line starting at {@code position} ("" past the end). */
    String lineAt(long position) throws IOException;

    /**
     * Whether reads are consistent without the writers' lock, so that the head ({@link #tip()}) and an entry
     * by request ID ({@link #lineOfRequest}, the storage's own index) are read without waiting for an
     * append (the table: its head row and rows commit together); otherwise reads take the lock and use
     * the ledger's in-memory index (the file).
     */
    boolean readsWithoutLock();

    /** The line recorded under a request ID, found by the storage's own index (see {@link #readsWithoutLock()}). */
    Optional<String> lineOfRequest(String requestId);

    /** Every line, in order (verification and listing read the whole ledger; appends do not). */
    List<String> lines();

    /**
     * Stores entries that continue the ledger, forced to durable storage once for them all.
     *
     * @return the position each entry starts at, followed by the position after the last
     */
    long[] append(List<Written> entries) throws IOException;

    /** Creates whatever an empty ledger needs besides its signed head. */
    void createEmpty() throws IOException;

    /** The head as recorded, or empty when there is none (or it was never signed). */
    Optional<Head> readHead() throws IOException;

    /** Replaces the signed head. */
    void writeHead(long entries, String hash, String signature) throws IOException;

    /** The storage's entries named for messages ({@code ledger.jsonl}, or the registry table). */
    String name();

    /** The storage's signed head named for messages. */
    String headName();

    /** How much this object has read from storage (bytes of the file, rows of the table): appends read only what is new. */
    long read();
}
