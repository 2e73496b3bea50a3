package dev.lethe.store;

import java.time.Instant;

/**
 * A forget request as the registry holds it.
 *
 * @param seq     the order of arrival
 * @param payload what the request names (subject ID, record IDs, …) until it is done; then its summary
 * @param dueAt   the statutory deadline: one month after receipt (GDPR Art. 12(3))
 */
public record StoredRequest(String id, long seq, String kind, String payload, String summary, RequestState state,
                            Long batchId, Instant receivedAt, Instant dueAt, Instant doneAt, String error) {

    public boolean isOverdue(Instant now) {
        return (state == RequestState.SUBMITTED || state == RequestState.PLANNED) && now.isAfter(dueAt);
    }

    /** This request as claiming it into batch {@code batch} leaves it. */
    StoredRequest planned(long batch) {
        return new StoredRequest(id, seq, kind, payload, summary, RequestState.PLANNED, batch, receivedAt, dueAt, doneAt, error);
    }
}
