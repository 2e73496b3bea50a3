package dev.lethe.models.sisa;

import dev.lethe.model.InternalException;
import dev.lethe.model.UnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs shard tasks in this JVM on a bounded pool of daemon threads (one per core by default), made
 * for the call and shut down after it. The default {@link ShardRunner}.
 */
public final class LocalShardRunner implements ShardRunner {

    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public <T> List<T> runAll(List<? extends Supplier<T>> tasks, int parallelism) {
        int n = Math.max(1, Math.min(tasks.size(), parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors()));
        List<T> out = new ArrayList<>(tasks.size());
        if (n == 1) {
            for (Supplier<T> task : tasks) {
                out.add(task.get());
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "lethe-sisa-shard");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Supplier<T> task : tasks) {
                futures.add(pool.submit(task::get));
            }
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while training shards", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new InternalException("training a shard failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
