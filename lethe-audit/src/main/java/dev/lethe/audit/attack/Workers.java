package dev.lethe.audit.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of worker threads for the audit's independent jobs (one shadow model, one scoring of a
 * model over the population, one repeated run). Each job owns its models, so no model is ever used
 * by two threads at once. Close it when done.
 */
public final class Workers implements AutoCloseable {

    private final ExecutorService executor;
    private final int threads;

    public Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("expected at least one worker thread, got " + threads);
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lethe-audit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Runs every job and returns the results in order; the first failure is rethrown as is when unchecked. */
    public <T> List<T> all(List<? extends Callable<T>> jobs) {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> job : jobs) {
            futures.add(executor.submit(job));
        }
        List<T> out = new ArrayList<>();
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("audit interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
