package dev.lethe.audit.ledger;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.Guarantee;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One ledger entry: a forget receipt as recorded, its place in the chain and its signature. It holds
 * no personal data: a subject appears only as its keyed hash.
 *
 * @param seq          position in the ledger, from 1
 * @param previousHash hash of the entry before (64 zeros for the first)
 * @param recordedAt   when the entry was appended
 * @param subject      keyed hash of the subject for a subject request, else {@code null}
 * @param request      the request summary (for a subject request: with the keyed hash, not the plain pseudonym)
 * @param hash         SHA-256 (hex) of the entry's canonical JSON without hash and signature
 * @param signature    Ed25519 signature of the hash (base64)
 * @param requestId    the forget workflow's request ID the entry answers, or {@code null} (entries appended
 *                     without one, e.g. by {@code lethe forget})
 */
public record LedgerEntry(long seq, String previousHash, Instant recordedAt, String family, String requestKind,
                          String request, String subject, long[] records, String guarantee, long elapsedNanos,
                          String digestBefore, String digestAfter, Instant receiptAt, Map<String, String> details,
                          String hash, String signature, String requestId) {

    public LedgerEntry {
        records = records.clone();
        details = Map.copyOf(details);
    }

    /** An entry without a request ID (the form before request IDs were recorded). */
    public LedgerEntry(long seq, String previousHash, Instant recordedAt, String family, String requestKind,
                       String request, String subject, long[] records, String guarantee, long elapsedNanos,
                       String digestBefore, String digestAfter, Instant receiptAt, Map<String, String> details,
                       String hash, String signature) {
        this(seq, previousHash, recordedAt, family, requestKind, request, subject, records, guarantee, elapsedNanos,
                digestBefore, digestAfter, receiptAt, details, hash, signature, null);
    }

    @Override
    public long[] records() {
        return records.clone();
    }

    /** The receipt as recorded (its request summary is the ledger's, with keyed hashes). */
    public ForgetReceipt receipt() {
        return new ForgetReceipt(family, requestKind, request, records, Guarantee.parse(guarantee),
                Duration.ofNanos(elapsedNanos), digestBefore, digestAfter, receiptAt, details);
    }
}
