package dev.lethe.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What a forget did: which request (as a {@linkplain ForgetRequest#summary() summary}, never raw
 * personal data), which records it removed, the guarantee, how long it took, and the digest of the
 * model state before and after.
 *
 * @param records the record IDs removed or relabelled, ascending
 * @param details family-specific facts (e.g. a certified bound, the shards retrained)
 */
public record ForgetReceipt(String family, String requestKind, String request, long[] records,
                            Guarantee guarantee, Duration elapsed, String digestBefore, String digestAfter,
                            Instant at, Map<String, String> details) {

    public ForgetReceipt {
        Objects.requireNonNull(family);
        Objects.requireNonNull(requestKind);
        Objects.requireNonNull(request);
        Objects.requireNonNull(guarantee);
        records = records.clone();
        Arrays.sort(records);
        details = Map.copyOf(details);
    }

    @Override
    public long[] records() {
        return records.clone();
    }

    public int recordCount() {
        return records.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForgetReceipt r && family.equals(r.family) && requestKind.equals(r.requestKind)
                && request.equals(r.request) && Arrays.equals(records, r.records) && guarantee.equals(r.guarantee)
                && elapsed.equals(r.elapsed) && Objects.equals(digestBefore, r.digestBefore)
                && Objects.equals(digestAfter, r.digestAfter) && at.equals(r.at) && details.equals(r.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, requestKind, request, Arrays.hashCode(records), guarantee, digestAfter, at);
    }

    @Override
    public String toString() {
        return "ForgetReceipt[" + family + " " + request + ": " + records.length + " records, " + guarantee
                + ", " + elapsed.toNanos() / 1000 + " µs]";
    }
}
