package dev.lethe.engine;

import dev.lethe.store.BatchLease;
import dev.lethe.store.Dialect;
import dev.lethe.store.Registry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One worker's holds on the batches it carries out ({@link BatchLease}): a lease with a fresh expiry
 * for each step it commits, the open batches it may take (its own, unowned ones, and those whose
 * worker's lease ran out), and a heartbeat that renews the lease while a long step runs. A registry
 * with one worker (embedded H2, claimed by {@link dev.lethe.store.WorkerLease}) takes every open
 * batch at once: the worker that held it cannot be alive. Leases are measured on the system clock,
 * which the workers sharing a registry are assumed to keep roughly in step (NTP).
 */
final class BatchLeases implements AutoCloseable {

    private final Registry registry;
    private final Duration lease;
    private final String owner = "worker-" + UUID.randomUUID();
    private final boolean shared;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lethe-lease");
        t.setDaemon(true);
        return t;
    });

    BatchLeases(Registry registry, Duration lease) {
        this.registry = registry;
        this.lease = lease;
        this.shared = registry.database().dialect() == Dialect.POSTGRESQL;
    }

    /** A lease of this worker expiring one lease period from now. */
    BatchLease fresh() {
        return new BatchLease(owner, System.currentTimeMillis() + lease.toMillis());
    }

    /** The open batches this worker may carry out, now held by it, oldest first. */
    List<Long> takeOpen() {
        return registry.requests().takeOpenBatches(fresh(), shared ? System.currentTimeMillis() : Long.MAX_VALUE);
    }

    /** Runs {@code work} on a held batch, renewing the lease every third of its period until it returns. */
    int carry(long batch, IntSupplier work) {
        long every = Math.max(100, lease.toMillis() / 3);
        ScheduledFuture<?> renew = heartbeat.scheduleAtFixedRate(() -> {
            try {
                registry.requests().renewLease(batch, fresh());
            } catch (RuntimeException e) {
                // the registry is away for a moment: the next beat tries again, and a step's commit checks the lease
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            return work.getAsInt();
        } finally {
            renew.cancel(false);
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
