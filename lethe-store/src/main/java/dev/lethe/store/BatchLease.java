package dev.lethe.store;

/**
 * A worker's hold on a batch until {@code until} (epoch milliseconds): the worker renews it while it
 * carries the batch out, and every step it commits checks it still holds it
 * ({@link RequestStore#advance(java.sql.Connection, long, BatchState, BatchState, BatchLease)}). When a
 * worker dies, its lease runs out and another worker takes the batch over
 * ({@link RequestStore#takeOpenBatches}); the steps are idempotent, so the batch resumes where the
 * dead worker's last committed step left it.
 *
 * @param owner the worker's ID, unique per worker instance
 * @param until when the hold expires, unless renewed
 */
public record BatchLease(String owner, long until) {
    public BatchLease {
        if (owner == null || owner.isBlank() || owner.length() > 100) {
            throw new IllegalArgumentException("a lease owner is 1 to 100 characters, got " + owner);
        }
    }
}
