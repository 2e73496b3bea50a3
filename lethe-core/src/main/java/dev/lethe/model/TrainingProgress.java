package dev.lethe.model;

/**
 * Receives progress from a long fit (e.g. SISA shards finishing), for a progress bar. Called from
 * any thread; implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface TrainingProgress {

    /** {@code done} of {@code total} units of work have finished. */
    void update(long done, long total);

    TrainingProgress NONE = (done, total) -> { };
}
