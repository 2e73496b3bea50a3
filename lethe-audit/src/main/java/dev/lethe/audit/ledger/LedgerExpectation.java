package dev.lethe.audit.ledger;

import dev.lethe.store.Database;
import dev.lethe.store.LedgerHeads;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a record kept apart from the ledger says it must hold: the registry of the home records the
 * ledger's length and head hash after each append and knows every completed request. Deleting or
 * truncating {@code ledger.jsonl} and {@code ledger.head} together leaves a ledger that is consistent
 * with itself; only this outside record shows it lost entries.
 *
 * @param entries           the number of entries recorded (0 when nothing was recorded)
 * @param hash              the hash of entry {@code entries}, or {@code null} when nothing was recorded
 * @param completedRequests request IDs that must each have an entry
 */
public record LedgerExpectation(long entries, String hash, Collection<String> completedRequests) {

    public LedgerExpectation {
        if (entries < 0) {
            throw new IllegalArgumentException("a recorded ledger length must not be negative, got " + entries);
        }
        if (entries > 0) {
            Objects.requireNonNull(hash, "hash");
        }
        completedRequests = List.copyOf(completedRequests);
    }

    /**
     * What a home's registry recorded about its ledger ({@link LedgerHeads}): where it ended after the
     * worker's latest append and the requests done since; {@link #none()} when it recorded nothing.
     */
    public static LedgerExpectation recordedIn(Database registry) {
        LedgerHeads heads = new LedgerHeads(registry);
        return heads.recorded()
                .map(r -> new LedgerExpectation(r.entries(), r.hash(), heads.completedSince(r.sinceBatch())))
                .orElse(none());
    }

    /** Nothing recorded outside the ledger (a home without a registry). */
    public static LedgerExpectation none() {
        return new LedgerExpectation(0, null, List.of());
    }
}
