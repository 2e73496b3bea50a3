package dev.lethe.audit.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an append needs to know about the ledger, kept in memory and brought up to date by reading
 * only the bytes appended since it last looked (by this process or another): the number of entries,
 * the last hash, where the entry of each request ID starts (the idempotence check), the latest key
 * rotation, and each model's digest chain ({@link DigestChains}, the fork guard). It is built by one
 * pass over the storage when a {@link Ledger} first appends, so an append costs the same however long
 * the ledger is. When the storage ends before the indexed position, or no longer continues the indexed
 * chain (it was replaced), the index is rebuilt from the start. A storage that knows its last hash
 * ({@link LedgerStorage.Tip}, the table's head row) must end exactly where its entries do: otherwise
 * rows were deleted or changed behind the head, and appending is refused until the ledger is verified.
 */
final class LedgerIndex {

    private long length;
    private long entries;
    private String lastHash = EntryCodec.GENESIS;
    private String rotatedTo;
    private final Map<String, Long> byRequest = new HashMap<>();
    private final DigestChains chains = new DigestChains();
    /** The hashes of the entries after the last signed one (none unless an append stopped before its signed end). */
    private final List<String> unsealed = new ArrayList<>();

    /** Reads what was appended since the last refresh (under the writers' lock, or from a storage that knows its tip). */
    void refresh(LedgerStorage file) throws IOException {
        LedgerStorage.Tip tip = file.tip();
        long size = tip.position();
        if (size == length && (tip.hash() == null || tip.hash().equals(lastHash))) {
            return;
        }
        if (size <= length || !continues(file)) {
            reset();
        }
        for (LedgerStorage.Line line : file.linesFrom(length, size)) {
            ObjectNode node = EntryCodec.node(line.text(), entries + 1);
            LedgerEntry e = EntryCodec.entry(node);
            add(e, line.offset());
        }
        length = size;
        if (tip.hash() != null && (entries != size || !tip.hash().equals(lastHash))) {
            long found = entries;
            reset();
            throw new LedgerException("the ledger " + file.name() + " holds " + found + " entries, which do not end where its "
                    + "signed head " + file.headName() + " says (" + size + " entries): entries were deleted or changed; "
                    + "refusing to append; run 'lethe ledger verify'");
        }
    }

    /** Forgets everything indexed, so the next refresh reads the ledger from the start (after a failed append). */
    void invalidate() {
        reset();
    }

    private boolean continues(LedgerStorage file) throws IOException {
        if (entries == 0) {
            return true;
        }
        String next = file.lineAt(length);
        return next.isBlank() || EntryCodec.node(next, entries + 1).path("previousHash").asText("").equals(lastHash);
    }

    private void reset() {
        length = 0;
        entries = 0;
        lastHash = EntryCodec.GENESIS;
        rotatedTo = null;
        unsealed.clear();
        byRequest.clear();
        chains.clear();
    }

    /** Records an entry now in the file, which starts at byte {@code offset}. */
    void add(LedgerEntry e, long offset) {
        add(e, offset, null);
    }

    /**
     * As {@link #add(LedgerEntry, long)}, with the model transitions the entry records when the appender
     * already derived them ({@code null}: derived here).
     */
    void add(LedgerEntry e, long offset, List<DigestChains.Transition> transitions) {
        entries++;
        lastHash = e.hash();
        if (e.signature().isEmpty()) {
            unsealed.add(e.hash());
        } else {
            unsealed.clear();
        }
        if (e.requestId() != null) {
            byRequest.putIfAbsent(e.requestId(), offset);
        }
        if (EntryCodec.isRotation(e)) {
            rotatedTo = e.details().get(EntryCodec.NEW_KEY);
        } else {
            chains.record(transitions != null ? transitions : DigestChains.of(e.family(), e.digestBefore(), e.digestAfter(), e.details()));
        }
    }

    /** Marks the storage as indexed up to {@code position} (after this process appended up to there). */
    void indexedTo(long position) {
        length = position;
    }

    /** The hashes of the entries after the last signed one, which the next append's seal covers with its own. */
    List<String> unsealed() {
        return List.copyOf(unsealed);
    }

    long entries() {
        return entries;
    }

    String lastHash() {
        return lastHash;
    }

    /** The public key (base64 X.509) the latest rotation named, or {@code null} when the ledger never rotated. */
    String rotatedTo() {
        return rotatedTo;
    }

    /** Where the entry of a request ID starts, or {@code null}. */
    Long offsetOf(String requestId) {
        return byRequest.get(requestId);
    }

    DigestChains chains() {
        return chains;
    }
}
