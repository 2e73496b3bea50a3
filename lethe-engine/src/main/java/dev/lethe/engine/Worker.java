package dev.lethe.engine;

import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.Registry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Carries out forget requests in batches, for as long as it runs (a service keeps one for days;
 * {@link #close} stops its threads). A batch is planned ({@link BatchPlanner}), applied to every
 * model that holds its records ({@link ModelUpdater}, which splits a joint receipt per request,
 * {@link JointForget}), erased from the stored datasets and receipted ({@link BatchSteps}, the
 * batch's state machine); models stay in memory between batches ({@link ModelCache}) and idle ones
 * settle their deferred work ({@link PendingWork}).
 * <ol>
 *   <li>plan: take the oldest submitted requests and resolve each to the stored records it covers;</li>
 *   <li>apply: for every model whose current version holds planned records, forget them, store one
 *       new version per model for the whole batch, then purge the older versions;</li>
 *   <li>erase the planned records from the stored datasets;</li>
 *   <li>write one receipt per request, hand it to the {@link ReceiptSink}, and mark the requests done.</li>
 * </ol>
 * A model version made by a batch carries the batch ID, which is how a resumed batch knows which
 * models are already done. An embedded registry has one worker at a time (concurrent ones are detected
 * by optimistic checks on versions and batch states and fail rather than corrupt anything); on a
 * PostgreSQL registry several workers share the work: each holds the batches it carries out by a lease
 * ({@link BatchLeases}) that fences its steps and that another worker takes over once it expires,
 * requests are claimed with {@code SKIP LOCKED}, and one worker at a time forgets in a model.
 */
public final class Worker implements AutoCloseable {

    /**
     * @param maxBatch the most requests planned into one batch
     * @param linger   how long {@link #run} lets requests gather before it plans a batch smaller than
     *                 {@code maxBatch} (each batch stores a new version of every model it touches, so a
     *                 stream of tiny batches pays that again and again); zero plans at once
     * @param clock    time for receipts and events, and the clock the linger is measured on
     * @param faults   told of each {@link Step} the worker completes; {@link Faults#NONE} outside tests
     * @param observer told of each batch and its receipts (the server's metrics); {@link WorkerObserver#NONE} by default
     * @param lease    how long the worker holds a batch without renewing it (it renews a third of the way
     *                 through): on a registry several workers share, a worker that dies mid-batch has it
     *                 taken over by another this long after its last renewal
     */
    public record Config(int maxBatch, Duration linger, ReceiptSink sink, Faults faults, Clock clock, WorkerObserver observer,
                         Duration lease) {
        public Config {
            observer = observer == null ? WorkerObserver.NONE : observer;
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
            }
            if (linger == null || linger.isNegative()) {
                throw new IllegalArgumentException("linger must be zero or positive, got " + linger);
            }
            if (lease == null || lease.toMillis() < 300) {
                throw new IllegalArgumentException("lease must be at least 300 ms, got " + lease);
            }
        }

        public Config(int maxBatch, Duration linger, ReceiptSink sink, Faults faults, Clock clock) {
            this(maxBatch, linger, sink, faults, clock, WorkerObserver.NONE, Duration.ofSeconds(30));
        }

        /** Also tells {@code o} about each batch and its receipts. */
        public Config withObserver(WorkerObserver o) {
            return new Config(maxBatch, linger, sink, faults, clock, o, lease);
        }

        public static Config defaults() {
            return new Config(2000, Duration.ZERO, ReceiptSink.NONE, Faults.NONE, Clock.systemUTC(), WorkerObserver.NONE,
                    Duration.ofSeconds(30));
        }

        public Config withSink(ReceiptSink s) {
            return new Config(maxBatch, linger, s, faults, clock, observer, lease);
        }

        public Config withFaults(Faults f) {
            return new Config(maxBatch, linger, sink, f, clock, observer, lease);
        }

        public Config withMaxBatch(int n) {
            return new Config(n, linger, sink, faults, clock, observer, lease);
        }

        public Config withLinger(Duration d) {
            return new Config(maxBatch, d, sink, faults, clock, observer, lease);
        }

        public Config withClock(Clock c) {
            return new Config(maxBatch, linger, sink, faults, c, observer, lease);
        }

        public Config withLease(Duration d) {
            return new Config(maxBatch, linger, sink, faults, clock, observer, d);
        }
    }

    private final Registry registry;
    private final Config config;
    /** Applies a batch to several models at once; daemon threads, so a worker never keeps the JVM alive. */
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "lethe-model");
        t.setDaemon(true);
        return t;
    });
    private final StepLog log = new StepLog();
    private final ModelCache cache;
    private final BatchPlanner planner;
    private final BatchSteps steps;
    private final PendingWork pending;
    private final BatchLeases leases;

    public Worker(Registry registry, Config config) {
        this.registry = registry;
        config = config.withSink(config.sink().andThen(config.observer().asSink()));
        this.config = config;
        SubjectIndex subjects = new SubjectIndex(registry.datasets());
        this.cache = new ModelCache(registry.models());
        this.leases = new BatchLeases(registry, config.lease());
        this.planner = new BatchPlanner(registry, subjects, config.maxBatch());
        this.steps = new BatchSteps(registry, new ModelUpdater(registry, cache, pool, config.faults(), config.clock(), log),
                subjects, config, log, leases);
        this.pending = new PendingWork(registry.models(), cache, log);
    }

    public Worker(Registry registry) {
        this(registry, Config.defaults());
    }

    /** Finishes any interrupted batch, then plans and carries out one new batch. Returns the requests completed. */
    public synchronized int processOnce() {
        requireOpen();
        int done = 0;
        for (long batch : leases.takeOpen()) {
            done += leases.carry(batch, () -> steps.run(batch));
        }
        Long batch = planner.plan(leases.fresh());
        if (batch != null) {
            log.step("plan " + batch);
            config.faults().reached(Step.PLAN);
            long start = System.nanoTime();
            int completed = leases.carry(batch, () -> steps.run(batch));
            config.observer().batchDone(completed, Duration.ofNanos(System.nanoTime() - start));
            done += completed;
        }
        return done;
    }

    /** Processes batches until no request is waiting. Returns the requests completed. */
    public int drain() {
        int total = 0;
        int done;
        do {
            done = processOnce();
            total += done;
            if (done == 0 && !registry.requests().openBatches().isEmpty()) {
                pause(); // another worker holds them: wait for it to finish them, or for its lease to run out
            }
        } while (done > 0 || !registry.requests().openBatches().isEmpty());
        return total;
    }

    /**
     * Processes requests as they arrive until {@code stop} says so (or the worker is closed), sleeping
     * {@code idle} when there is nothing to do. When requests arrive at an idle worker it lets them
     * gather for up to the configured linger (less if a full batch is waiting) before it plans a batch;
     * requests that arrived while a batch ran are planned at once, they have waited long enough.
     */
    public void run(BooleanSupplier stop, Duration idle) throws InterruptedException {
        long waitingSince = -1;
        boolean wasIdle = true;
        while (!stop.getAsBoolean() && !pool.isShutdown()) {
            if (wasIdle && !config.linger().isZero() && registry.requests().openBatches().isEmpty()) {
                int waiting = registry.requests().waiting();
                long now = config.clock().millis();
                if (waiting == 0) {
                    waitingSince = -1;
                    if (settle() == 0) {
                        Thread.sleep(idle.toMillis());
                    }
                    continue;
                }
                waitingSince = waitingSince < 0 ? now : waitingSince;
                long left = config.linger().toMillis() - (now - waitingSince);
                if (waiting < config.maxBatch() && left > 0) {
                    Thread.sleep(Math.max(1, Math.min(idle.toMillis(), left)));
                    continue;
                }
            }
            waitingSince = -1;
            int done = processOnce();
            wasIdle = done == 0;
            if (wasIdle && settle() == 0) {
                Thread.sleep(idle.toMillis());
            }
        }
    }

    /**
     * Does the work the models this worker holds deferred past their forgets (a forest's pending
     * subtrees) and stores each settled model over its current version: the same state, so the same
     * state digest, lineage and receipts. {@link #run} calls this when idle, and {@code lethe worker
     * --once} after draining.
     *
     * @return how many model versions were settled
     */
    public synchronized int settle() {
        requireOpen();
        return pending.settle();
    }

    /**
     * Loads what a running worker keeps in memory, as a service does when it starts: every model's
     * current version into the model cache and, on an embedded registry, the subject index. The first
     * batch then costs what any later one does, without loading models or scanning subjects.
     *
     * @return how many models were loaded
     */
    public synchronized int warmUp() {
        requireOpen();
        planner.refreshSubjects();
        int loaded = 0;
        for (dev.lethe.store.ModelInfo m : registry.models().list()) {
            if (cache.get(m.name()).map(e -> e.version() == m.currentVersion()).orElse(false)) {
                continue;
            }
            cache.put(m.name(), m.currentVersion(), registry.models().load(m.name(), m.currentVersion()));
            loaded++;
        }
        log.step("warm up (" + loaded + " models)");
        return loaded;
    }

    /** The model this worker holds in memory for {@code name} (the version it last stored or loaded), if any. */
    public Optional<UnlearnableModel> cachedModel(String name) {
        return cache.get(name).map(ModelCache.Entry::model);
    }

    /** Whether {@link #close} has stopped the worker's threads. */
    public boolean isClosed() {
        return pool.isTerminated();
    }

    /**
     * Stops the worker: waits for the batch in progress (a batch is safe to interrupt at any step, but
     * finishing it is cheaper than resuming it), then shuts its model threads down. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            pool.shutdown();
            leases.close();
        }
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another worker's batches", e);
        }
    }

    private void requireOpen() {
        if (pool.isShutdown()) {
            throw new IllegalStateException("the worker is closed");
        }
    }
}
