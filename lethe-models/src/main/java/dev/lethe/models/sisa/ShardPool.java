package dev.lethe.models.sisa;

import dev.lethe.model.TrainingProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs shard jobs in parallel on a bounded pool of daemon threads (all cores by default), reporting
 * finished steps to a {@link TrainingProgress}. Shards are isolated, so the result does not depend
 * on the order in which they finish.
 */
final class ShardPool {

    private ShardPool() {
    }

    static ShardState[] run(List<ShardJob> jobs, int threads, TrainingProgress progress) {
        long total = jobs.stream().mapToLong(ShardJob::steps).sum();
        AtomicLong done = new AtomicLong();
        Runnable tick = () -> progress.update(done.incrementAndGet(), total);
        ShardState[] out = new ShardState[jobs.size()];
        int n = Math.max(1, Math.min(jobs.size(), threads > 0 ? threads : Runtime.getRuntime().availableProcessors()));
        if (n == 1) {
            for (int i = 0; i < out.length; i++) {
                out[i] = jobs.get(i).run(tick);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "lethe-sisa-shard");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ShardState>> futures = new ArrayList<>();
            for (ShardJob job : jobs) {
                futures.add(pool.submit(() -> job.run(tick)));
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = futures.get(i).get();
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training shards", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("training a shard failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
