package dev.lethe.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit (DeWitt et al., "Implementation techniques for main memory database systems",
 * SIGMOD 1984): many small write transactions from concurrent callers share one commit. Each caller
 * hands its work to {@link #run} and blocks; one writer thread takes every piece of work waiting,
 * runs them in a single transaction and commits once, then releases their callers. A caller
 * therefore returns only after the commit that holds its rows: what it reports as stored (an HTTP
 * 201, say) is durable as any single transaction would be. No batch window is waited for: work
 * accumulates while the previous commit is being written, so an idle registry adds no latency.
 * With several writers, as many groups may be committing at once.
 *
 * <p>When any work of a group fails (a unique-key violation of a repeated ID, say), the whole group
 * is rolled back and each piece of work is run again in a transaction of its own, so every caller
 * gets exactly the outcome it would have had alone. Work may therefore run more than once: it must
 * only write through its connection. The writer thread ends after a second without work and is
 * started again by the next call, so nothing needs closing.
 */
public final class GroupCommit {

    private static final long IDLE_MILLIS = 1000;

    private final Database db;
    private final int maxGroup;
    private final int writers;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /** Writer threads running; guarded by {@code this}. */
    private int running;
    private final java.util.concurrent.atomic.AtomicLong transactions = new java.util.concurrent.atomic.AtomicLong();

    /** @param maxGroup the most pieces of work committed together */
    public GroupCommit(Database db, int maxGroup) {
        this(db, maxGroup, 1);
    }

    /**
     * @param writers how many groups may be committing at once: 1 where commits are serialised anyway
     *                (embedded H2); more where a commit mostly waits for the server's log flush
     *                (PostgreSQL), so that the next group is written meanwhile
     */
    public GroupCommit(Database db, int maxGroup, int writers) {
        if (maxGroup < 1 || writers < 1) {
            throw new IllegalArgumentException("maxGroup and writers must be at least 1, got " + maxGroup + " and " + writers);
        }
        this.db = db;
        this.maxGroup = maxGroup;
        this.writers = writers;
    }

    /**
     * Runs {@code work} in a transaction shared with other callers' work; returns its result once that
     * transaction has committed.
     *
     * @throws StoreException as {@link Database#transaction} would for this work alone
     */
    public <T> T run(Database.Work<T> work) {
        Pending<T> pending = new Pending<>(work);
        queue.add(pending);
        startWriterIfNeeded();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pending.result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the work is queued and will commit: its caller must learn the outcome
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Transactions committed or tried so far (groups, and work run alone): fewer than the calls when work was grouped. */
    public long transactions() {
        return transactions.get();
    }

    /** Work waiting for the writer. */
    public int waiting() {
        return queue.size();
    }

    private synchronized void startWriterIfNeeded() {
        if (running < writers) {
            running++;
            Thread writer = new Thread(this::write, "lethe-group-commit");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Whether the writer may end: under the lock that {@link #startWriterIfNeeded} takes, so no work is left behind. */
    private synchronized boolean stopIfNothingQueued() {
        if (queue.isEmpty()) {
            running--;
            return true;
        }
        return false;
    }

    private void write() {
        List<Pending<?>> group = new ArrayList<>();
        while (true) {
            Pending<?> first;
            try {
                first = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (stopIfNothingQueued()) {
                    return;
                }
                continue;
            }
            group.clear();
            group.add(first);
            queue.drainTo(group, maxGroup - 1);
            try {
                commit(group);
            } catch (Throwable unexpected) {
                // whatever went wrong, no caller may wait forever for a writer that is gone
                group.forEach(p -> p.result.completeExceptionally(unexpected));
            }
        }
    }

    private void commit(List<Pending<?>> group) {
        if (group.size() > 1) {
            transactions.incrementAndGet();
            List<Object> results = new ArrayList<>(group.size());
            try {
                db.transaction(c -> {
                    results.clear(); // a transaction cut off by a lost connection runs again
                    for (Pending<?> p : group) {
                        results.add(p.work.run(c));
                    }
                    return null;
                });
            } catch (RuntimeException | Error failed) {
                group.forEach(this::alone);
                return;
            }
            for (int i = 0; i < group.size(); i++) {
                group.get(i).complete(results.get(i));
            }
        } else {
            alone(group.get(0));
        }
    }

    private <T> void alone(Pending<T> p) {
        transactions.incrementAndGet();
        try {
            p.result.complete(db.transaction(p.work));
        } catch (RuntimeException | Error e) {
            p.result.completeExceptionally(e);
        }
    }

    /** A caller's work and the result it waits for. */
    private static final class Pending<T> {
        final Database.Work<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Pending(Database.Work<T> work) {
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            result.complete((T) value);
        }
    }
}
