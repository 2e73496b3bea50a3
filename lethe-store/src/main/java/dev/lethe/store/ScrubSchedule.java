package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When the worker scrubs erased data from the registry's storage: after every batch by default, or
 * at most once per interval. By default a batch finished while more requests wait (a backlog) does
 * not scrub at once: the rewrite of the whole registry costs about as much as a batch, so it is
 * coalesced over the backlog's batches, at the latest {@link #BACKLOG_BOUND} after the first of them
 * (a daemon timer), or at once when a batch leaves nothing waiting. With an interval set, the scrub after a batch then coming at the end of the interval (a
 * daemon timer) so that erased data never outlives it by more than the rewrite takes. GDPR Art. 17
 * asks for erasure without undue delay and Art. 12(3) allows a month in all, so the interval is
 * capped at {@link #MAX_INTERVAL}. A process that ends with a scrub due leaves it marked in the
 * registry, and the next worker to claim the registry does it first.
 */
final class ScrubSchedule implements AutoCloseable {

    /** The longest interval allowed: a day, well inside the month a request may take. */
    static final Duration MAX_INTERVAL = Duration.ofDays(1);
    /** How long, by default, erased data may stay in the registry's files while a backlog keeps the worker busy. */
    static final Duration BACKLOG_BOUND = Duration.ofSeconds(10);

    private final Runnable scrub;
    private final Runnable scrubIfPending;
    private Duration interval = Duration.ZERO;
    private long lastScrub;
    private boolean scrubbed;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> due;

    ScrubSchedule(Runnable scrub, Runnable scrubIfPending) {
        this.scrub = scrub;
        this.scrubIfPending = scrubIfPending;
    }

    synchronized void interval(Duration d) {
        if (d == null || d.isNegative() || d.compareTo(MAX_INTERVAL) > 0) {
            throw new StoreException(Kind.INVALID_INPUT, "the scrub interval must be between 0 and " + MAX_INTERVAL.toHours()
                    + " hours, got " + d);
        }
        interval = d;
    }

    /** Notes a scrub just done; a scrub that was due is no longer. */
    synchronized void scrubbed() {
        lastScrub = System.nanoTime();
        scrubbed = true;
        if (due != null) {
            due.cancel(false);
            due = null;
        }
    }

    /**
     * After a batch erased data: scrubs now, or makes sure a scrub comes by the end of the interval (by
     * default, while {@code backlog} says more requests wait, by the end of {@link #BACKLOG_BOUND}).
     */
    void afterErasure(boolean backlog) {
        synchronized (this) {
            long wait = !scrubbed || interval.isZero() ? 0 : interval.toNanos() - (System.nanoTime() - lastScrub);
            if (interval.isZero() && backlog) {
                wait = BACKLOG_BOUND.toNanos(); // a timer already due (set by an earlier batch) keeps its earlier time
            }
            if (wait > 0) {
                if (due == null) {
                    due = timer().schedule(this::fire, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
        }
        scrub.run();
    }

    private void fire() {
        synchronized (this) {
            due = null;
        }
        try {
            scrubIfPending.run();
        } catch (RuntimeException e) {
            // the registry keeps the scrub marked as pending: the next batch, or the next worker, does it
        }
    }

    private ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lethe-scrub");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
