package dev.lethe.engine;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.BatchState;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.Database;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelEvent;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelStore;
import dev.lethe.store.NewVersion;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestState;
import dev.lethe.store.RequestStore;
import dev.lethe.store.StoredRequest;
import dev.lethe.store.VersionInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Carries out forget requests in batches. A batch moves through {@link BatchState}'s steps; each
 * step commits its effect together with the batch's new state, so a worker killed anywhere resumes
 * from the last committed step and every step is safe to repeat:
 * <ol>
 *   <li>plan: take the oldest submitted requests and resolve each to the stored records it covers;</li>
 *   <li>apply: for every model whose current version holds planned records, forget them with the
 *       family's own method, all the batch's records in one {@code forget} (each request then gets its
 *       share of that receipt), or one {@code forget} per request when the batch forgets a feature or
 *       the joint forget is refused (so a bad request fails alone); store one new version per model for
 *       the whole batch, then purge the older versions;</li>
 *   <li>erase the planned records from the stored datasets;</li>
 *   <li>write one receipt per request, hand it to the {@link ReceiptSink}, and mark the requests done.</li>
 * </ol>
 * A model version made by a batch carries the batch ID, which is how a resumed batch knows which
 * models are already done. One worker at a time per registry: concurrent workers are detected
 * (optimistic checks on versions and batch states) and fail rather than corrupt anything.
 */
public final class Worker implements AutoCloseable {

    /**
     * @param maxBatch the most requests planned into one batch
     * @param linger   how long {@link #run} lets requests gather before it plans a batch smaller than
     *                 {@code maxBatch} (each batch stores a new version of every model it touches, so a
     *                 stream of tiny batches pays that again and again); zero plans at once
     */
    public record Config(int maxBatch, Duration linger, ReceiptSink sink, Faults faults, Clock clock) {
        public Config {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
            }
            if (linger == null || linger.isNegative()) {
                throw new IllegalArgumentException("linger must be zero or positive, got " + linger);
            }
        }

        public static Config defaults() {
            return new Config(2000, Duration.ZERO, ReceiptSink.NONE, Faults.NONE, Clock.systemUTC());
        }

        public Config withSink(ReceiptSink s) {
            return new Config(maxBatch, linger, s, faults, clock);
        }

        public Config withFaults(Faults f) {
            return new Config(maxBatch, linger, sink, f, clock);
        }

        public Config withMaxBatch(int n) {
            return new Config(n, linger, sink, faults, clock);
        }

        public Config withLinger(Duration d) {
            return new Config(maxBatch, d, sink, faults, clock);
        }
    }

    private record Cached(int version, UnlearnableModel model) {
    }

    private final Registry registry;
    private final Database db;
    private final Config config;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Applies a batch to several models at once; daemon threads, so an idle worker never keeps the JVM alive. */
    private final ExecutorService models = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "lethe-model");
        t.setDaemon(true);
        return t;
    });
    private final SubjectIndex subjects;
    private static final boolean TRACE = Boolean.getBoolean("lethe.worker.trace");
    private long traceStart = System.nanoTime();

    private void trace(String what) {
        if (TRACE) {
            long now = System.nanoTime();
            System.err.printf("[worker] %-28s %7.1f ms%n", what, (now - traceStart) / 1e6);
            traceStart = now;
        }
    }

    public Worker(Registry registry, Config config) {
        this.registry = registry;
        this.db = registry.database();
        this.config = config;
        this.subjects = new SubjectIndex(registry.datasets());
    }

    public Worker(Registry registry) {
        this(registry, Config.defaults());
    }

    /** Finishes any interrupted batch, then plans and carries out one new batch. Returns the requests completed. */
    public synchronized int processOnce() {
        int done = 0;
        for (long batch : registry.requests().openBatches()) {
            done += run(batch);
        }
        Long batch = plan();
        if (batch != null) {
            done += run(batch);
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
        } while (done > 0 || !registry.requests().openBatches().isEmpty());
        return total;
    }

    /**
     * Processes requests as they arrive until {@code stop} says so, sleeping {@code idle} when there is
     * nothing to do. When requests arrive at an idle worker it lets them gather for up to the
     * configured linger (less if a full batch is waiting) before it plans a batch; requests that
     * arrived while a batch ran are planned at once, they have waited long enough.
     */
    public void run(BooleanSupplier stop, Duration idle) throws InterruptedException {
        long waitingSince = -1;
        boolean wasIdle = true;
        while (!stop.getAsBoolean()) {
            if (wasIdle && !config.linger().isZero() && registry.requests().openBatches().isEmpty()) {
                int waiting = registry.requests().counts().get(RequestState.SUBMITTED);
                long now = System.nanoTime();
                if (waiting == 0) {
                    waitingSince = -1;
                    if (settle() == 0) {
                        Thread.sleep(idle.toMillis());
                    }
                    continue;
                }
                waitingSince = waitingSince < 0 ? now : waitingSince;
                long left = config.linger().toNanos() - (now - waitingSince);
                if (waiting < config.maxBatch() && left > 0) {
                    Thread.sleep(Math.max(1, Math.min(idle.toMillis(), left / 1_000_000)));
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
     * state digest, lineage and receipts, but an artifact that predicts without retraining anything
     * first. A version that changed meanwhile is left as it is. {@link #run} calls this when idle, and
     * {@code lethe worker --once} after draining.
     *
     * @return how many model versions were settled
     */
    public synchronized int settle() {
        int settled = 0;
        for (Map.Entry<String, Cached> e : cache.entrySet()) {
            UnlearnableModel model = e.getValue().model();
            if (!model.settlePendingWork()) {
                continue;
            }
            String name = e.getKey();
            int version = e.getValue().version();
            VersionInfo stored = registry.models().version(name, version);
            if (stored.isPurged() || !stored.stateDigest().equals(model.stateDigest())) {
                continue;
            }
            if (registry.models().replaceArtifact(name, version, stored.sha256(), model.stateDigest(), ModelStore.encode(model))) {
                settled++;
                trace("settle " + name + " v" + version);
            }
        }
        return settled;
    }

    /** Stops the worker's model threads (work in flight finishes first). */
    @Override
    public void close() {
        models.shutdown();
    }

    // ---- plan ----

    private Long plan() {
        List<DatasetInfo> datasets = registry.datasets().list();
        if (registry.requests().counts().get(RequestState.SUBMITTED) == 0) {
            return null;
        }
        subjects.refresh(datasets);
        Long batch = db.transaction(c -> {
            if (registry.requests().pending(c, 1).isEmpty()) {
                return null;
            }
            long id = registry.requests().createBatch(c);
            List<StoredRequest> claimed = registry.requests().claim(c, id, config.maxBatch());
            trace("  claim " + claimed.size());
            Map<String, List<Located>> planned = new LinkedHashMap<>();
            for (StoredRequest r : claimed) {
                ForgetRequest request = decode(r);
                planned.put(r.id(), request instanceof ForgetRequest.Subject s
                        ? subjects.recordsOf(s.subjectId())
                        : resolve(c, request, datasets));
            }
            registry.requests().addPlannedRecords(c, id, planned);
            return id;
        });
        if (batch != null) {
            trace("plan " + batch);
            config.faults().reached(Step.PLAN);
        }
        return batch;
    }

    private static ForgetRequest decode(StoredRequest r) {
        return RequestCodec.decode(r.kind(), r.payload());
    }

    private List<Located> resolve(Connection c, ForgetRequest request, List<DatasetInfo> datasets) throws SQLException {
        if (request instanceof ForgetRequest.Records r) {
            return registry.datasets().recordsById(c, r.ids().stream().mapToLong(Long::longValue).sorted().toArray());
        }
        if (request instanceof ForgetRequest.ClassLabel k) {
            List<Located> out = new ArrayList<>();
            for (DatasetInfo d : datasets) {
                Attribute target = d.schema().target();
                int level = d.schema().isClassification() ? target.levelIndex(k.label()) : -1;
                if (level >= 0) {
                    out.addAll(registry.datasets().recordsWithTarget(c, d.id(), level));
                }
            }
            return out;
        }
        return List.of();
    }

    // ---- run a batch through its steps ----

    private int run(long batch) {
        BatchState state = registry.requests().batchState(batch);
        List<StoredRequest> requests = registry.requests().batchRequests(batch);
        Map<String, List<Located>> planned = registry.requests().plannedRecords(batch);
        trace("load batch " + batch);
        if (state == BatchState.PLANNED) {
            applyToModels(batch, requests, planned);
            db.transaction(c -> {
                for (ModelInfo m : registry.models().list()) {
                    registry.models().purgeOlderVersions(c, m.name());
                }
                registry.requests().advance(c, batch, BatchState.PLANNED, BatchState.APPLIED);
                return null;
            });
            trace("purge");
            config.faults().reached(Step.PURGE);
            state = BatchState.APPLIED;
        }
        if (state == BatchState.APPLIED) {
            Set<String> failed = new java.util.HashSet<>();
            registry.requests().batchRequests(batch).stream().filter(r -> r.state() == RequestState.FAILED)
                    .forEach(r -> failed.add(r.id()));
            long[] erase = planned.entrySet().stream().filter(e -> !failed.contains(e.getKey()))
                    .flatMap(e -> e.getValue().stream()).mapToLong(Located::recordId).distinct().sorted().toArray();
            try {
                db.transaction(c -> {
                    registry.datasets().erase(c, erase);
                    registry.requests().advance(c, batch, BatchState.APPLIED, BatchState.ERASED);
                    return null;
                });
            } catch (RuntimeException e) {
                subjects.invalidate();
                throw e;
            }
            subjects.erased(planned.entrySet().stream().filter(e -> !failed.contains(e.getKey()))
                    .flatMap(e -> e.getValue().stream()).toList());
            trace("erase");
            config.faults().reached(Step.ERASE);
            state = BatchState.ERASED;
        }
        List<StoredRequest> live = registry.requests().batchRequests(batch).stream()
                .filter(r -> r.state() != RequestState.FAILED).toList();
        if (state == BatchState.ERASED) {
            Map<Long, String> names = new HashMap<>();
            for (DatasetInfo d : registry.datasets().list()) {
                names.put(d.id(), d.name());
            }
            List<RequestStore.ReceiptHeader> headers = new ArrayList<>();
            for (StoredRequest r : live) {
                List<Located> records = planned.getOrDefault(r.id(), List.of());
                Set<String> touched = new TreeSet<>();
                records.forEach(l -> touched.add(names.get(l.datasetId())));
                headers.add(new RequestStore.ReceiptHeader(r.id(), records.size(), List.copyOf(touched)));
            }
            db.transaction(c -> {
                registry.requests().addReceipts(c, batch, headers, config.clock().instant());
                registry.requests().advance(c, batch, BatchState.ERASED, BatchState.RECEIPTED);
                return null;
            });
            trace("receipts");
            config.faults().reached(Step.RECEIPT);
            state = BatchState.RECEIPTED;
        }
        if (state == BatchState.RECEIPTED) {
            if (config.sink() != ReceiptSink.NONE) {
                Map<String, RequestReceipt> all = registry.requests().batchReceipts(batch);
                List<RequestReceipt> receipts = new ArrayList<>();
                for (StoredRequest r : live) {
                    RequestReceipt receipt = all.get(r.id());
                    if (receipt == null) {
                        throw new IllegalStateException("no receipt for " + r.id());
                    }
                    receipts.add(receipt);
                }
                trace("read receipts " + receipts.size());
                config.sink().recordAll(receipts);
                trace("deliver");
            }
            config.faults().reached(Step.DELIVER);
            db.transaction(c -> {
                registry.requests().markDelivered(c, batch, config.clock().instant());
                registry.requests().finishRequests(c, batch, config.clock().instant());
                registry.requests().advance(c, batch, BatchState.RECEIPTED, BatchState.DONE);
                return null;
            });
            trace("done");
            config.faults().reached(Step.DONE);
            return live.size();
        }
        return 0;
    }

    // ---- apply to models ----

    private void applyToModels(long batch, List<StoredRequest> requests, Map<String, List<Located>> planned) {
        List<StoredRequest> active = requests.stream().filter(r -> r.state() == RequestState.PLANNED).toList();
        long[] all = planned.entrySet().stream().flatMap(e -> e.getValue().stream()).mapToLong(Located::recordId).toArray();
        Lineage batchRecords = Lineage.of(all);
        Set<String> features = new LinkedHashSet<>();
        for (StoredRequest r : active) {
            if (decode(r) instanceof ForgetRequest.Feature f) {
                features.add(f.name());
            }
        }
        List<Callable<Void>> work = new ArrayList<>();
        for (ModelInfo m : registry.models().list()) {
            VersionInfo current = registry.models().version(m.name(), m.currentVersion());
            if (current.batchId() != null && current.batchId() == batch) {
                continue; // this model already applied the batch before a restart
            }
            boolean featureHit = features.stream()
                    .anyMatch(f -> registry.datasets().get(m.datasetId()).schema().indexOf(f) >= 0);
            if (!featureHit && !current.lineage().intersects(batchRecords)) {
                continue;
            }
            work.add(() -> {
                try {
                    applyToModel(batch, m, current, active, planned, batchRecords);
                } catch (RuntimeException | Error e) {
                    cache.remove(m.name());
                    throw e;
                }
                return null;
            });
        }
        runAll(work);
    }

    /**
     * Runs the models' work side by side (each model forgets, encodes and stores on its own connection
     * and in its own transaction); rethrows the first failure once all have finished.
     */
    private void runAll(List<Callable<Void>> work) {
        if (work.size() == 1) {
            call(work.get(0));
            return;
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> w : work) {
            futures.add(models.submit(w));
        }
        RuntimeException failure = null;
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error err) {
                    throw err;
                }
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while models were applying a batch", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void call(Callable<Void> c) {
        try {
            c.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Done(String requestId, ForgetReceipt receipt) {
    }

    private void applyToModel(long batch, ModelInfo m, VersionInfo current, List<StoredRequest> requests,
                              Map<String, List<Located>> planned, Lineage batchRecords) {
        UnlearnableModel model = load(m, current);
        Lineage live = current.lineage();
        List<Done> done = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Optional<Joint> joint = forgetJointly(model, requests, planned, live);
        if (joint.isPresent()) {
            done.addAll(joint.get().done());
            live = live.andNot(joint.get().forgotten());
        }
        for (StoredRequest r : joint.isPresent() ? List.<StoredRequest>of() : requests) {
            ForgetRequest request = decode(r);
            try {
                if (request instanceof ForgetRequest.Feature f) {
                    if (model.schema().indexOf(f.name()) >= 0 && !model.history().features().contains(f.name())) {
                        done.add(new Done(r.id(), model.forget(f)));
                    }
                    continue;
                }
                long[] mine = planned.getOrDefault(r.id(), List.of()).stream().mapToLong(Located::recordId).toArray();
                Lineage ids = Lineage.of(mine).and(live);
                if (!ids.isEmpty()) {
                    Set<Long> set = new TreeSet<>();
                    for (long id : ids.toArray()) {
                        set.add(id);
                    }
                    done.add(new Done(r.id(), model.forget(new ForgetRequest.Records(set))));
                    live = live.andNot(ids);
                }
            } catch (LetheException e) {
                failures.put(r.id(), "model '" + m.name() + "': " + e.getMessage());
            }
        }
        trace("forget " + m.name() + " (" + done.size() + ")");
        config.faults().reached(Step.FORGET);
        Optional<String> retrain = RetrainPolicy.budgetReason(done.stream().map(Done::receipt).toList());
        if (retrain.isEmpty() && m.hasAccuracyGuard()) {
            Dataset heldOut = registry.datasets().load(m.datasetId(), m.holdout().andNot(batchRecords));
            retrain = RetrainPolicy.accuracyReason(m.baselineAccuracy(), Accuracy.of(model, heldOut), m.accuracyMargin());
        }
        String cause = "forget";
        if (retrain.isPresent()) {
            Dataset remaining = registry.datasets().load(m.datasetId(), live);
            model = ModelFamilies.byName(m.family()).learner(m.settings(), m.seed()).fit(remaining);
            model.recordSource(Map.of("dataset", registry.datasets().get(m.datasetId()).name()));
            cause = "retrain";
        }
        UnlearnableModel result = model;
        byte[] bytes = ModelStore.encode(result);
        trace("encode " + m.name() + " " + bytes.length / 1024 + " KiB");
        Lineage lineage = live;
        String why = cause;
        Optional<String> reason = retrain;
        int version = db.transaction(c -> {
            int v = registry.models().addVersion(c, m.name(), current.version(),
                    new NewVersion(bytes, result.stateDigest(), lineage, why, batch));
            registry.requests().addModelReceipts(c, m.name(), v,
                    done.stream().map(d -> Map.entry(d.requestId(), d.receipt())).toList());
            if (reason.isPresent()) {
                registry.models().addEvent(c, new ModelEvent(m.name(), v, "retrain", reason.get(), batch, config.clock().instant()));
            }
            for (Map.Entry<String, String> f : failures.entrySet()) {
                registry.requests().fail(c, f.getKey(), f.getValue());
            }
            return v;
        });
        cache.put(m.name(), new Cached(version, result));
        trace("store " + m.name());
        config.faults().reached(Step.STORE);
    }

    /**
     * Forgets the records of all the batch's record and subject requests in one {@code forget} (a family
     * shares work across a batch: a forest walks each tree once, a Cholesky factor is touched once per
     * record rather than once per request) and splits its receipt into one per request. Empty when the
     * batch forgets a feature (order then matters, so requests go one by one) or when the joint forget
     * is refused, which leaves the model as it was, so that the requests go one by one and a bad one
     * fails alone.
     */
    private Optional<Joint> forgetJointly(UnlearnableModel model, List<StoredRequest> requests,
                                          Map<String, List<Located>> planned, Lineage live) {
        Map<String, long[]> shares = new LinkedHashMap<>();
        Set<Long> all = new TreeSet<>();
        for (StoredRequest r : requests) {
            if (decode(r) instanceof ForgetRequest.Feature) {
                return Optional.empty();
            }
            long[] mine = planned.getOrDefault(r.id(), List.of()).stream().mapToLong(Located::recordId).toArray();
            // a record two requests of the batch share belongs to the first (as one by one)
            long[] share = java.util.Arrays.stream(Lineage.of(mine).and(live).toArray()).filter(all::add).toArray();
            if (share.length > 0) {
                shares.put(r.id(), share);
            }
        }
        if (shares.size() < 2) {
            return Optional.empty();
        }
        ForgetReceipt whole;
        try {
            whole = model.forget(new ForgetRequest.Records(all));
        } catch (LetheException e) {
            return Optional.empty();
        }
        List<Done> out = new ArrayList<>();
        shares.forEach((id, share) -> out.add(new Done(id, shareOf(whole, share, shares.size()))));
        return Optional.of(new Joint(out, Lineage.of(whole.records())));
    }

    /** A batch forgotten in one call: each request's share of the receipt, and every record it took. */
    private record Joint(List<Done> done, Lineage forgotten) {
    }

    /** A request's part of a receipt for a whole batch: its own records, the batch's guarantee, digests and facts. */
    static ForgetReceipt shareOf(ForgetReceipt whole, long[] records, int requests) {
        Map<String, String> details = new LinkedHashMap<>(whole.details());
        details.put("batch_requests", Integer.toString(requests));
        details.put("batch_records", Integer.toString(whole.recordCount()));
        Set<Long> ids = new TreeSet<>();
        for (long id : records) {
            ids.add(id);
        }
        ForgetRequest.Records own = new ForgetRequest.Records(ids);
        return new ForgetReceipt(whole.family(), own.kind(), own.summary(), records, whole.guarantee(), whole.elapsed(),
                whole.digestBefore(), whole.digestAfter(), whole.at(), details);
    }

    private UnlearnableModel load(ModelInfo m, VersionInfo current) {
        Cached c = cache.get(m.name());
        if (c != null && c.version() == current.version()) {
            return c.model();
        }
        cache.remove(m.name());
        return registry.models().load(m.name(), current.version());
    }
}
