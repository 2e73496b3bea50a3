package dev.lethe.engine;

import dev.lethe.data.Dataset;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelEvent;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelStore;
import dev.lethe.store.NewVersion;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import dev.lethe.store.VersionInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The apply step of a batch: every model whose current version holds planned records (or a planned
 * feature) forgets them with its family's own method, all the batch's records in one {@code forget}
 * ({@link JointForget}), or one {@code forget} per request when the batch forgets a feature or the
 * joint forget is refused (so a bad request fails alone); retrains when its policy says so; and
 * stores one new version for the whole batch with each request's receipt, in one transaction.
 * Models work side by side, each on its own connection.
 */
final class ModelUpdater {

    private final Registry registry;
    private final ModelCache cache;
    private final ExecutorService pool;
    private final Faults faults;
    private final Clock clock;
    private final StepLog log;

    ModelUpdater(Registry registry, ModelCache cache, ExecutorService pool, Faults faults, Clock clock, StepLog log) {
        this.registry = registry;
        this.cache = cache;
        this.pool = pool;
        this.faults = faults;
        this.clock = clock;
        this.log = log;
    }

    /** What one batch asks of the models. */
    private record BatchWork(long batch, List<StoredRequest> requests, Map<String, long[]> planned,
                             Lineage records, Set<String> features) {
    }

    /**
     * Applies the batch to every model it asks something of; returns whether a model failed some of its
     * requests (they are FAILED in the registry now, so the caller's list of the batch's requests is stale).
     */
    boolean apply(long batch, List<StoredRequest> requests, Map<String, List<Located>> planned) {
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        List<StoredRequest> active = requests.stream().filter(r -> r.state() == RequestState.PLANNED).toList();
        Map<String, long[]> ids = new LinkedHashMap<>();
        planned.forEach((id, records) -> ids.put(id, records.stream().mapToLong(Located::recordId).toArray()));
        Lineage records = Lineage.of(ids.values().stream().flatMapToLong(java.util.Arrays::stream).toArray());
        Set<String> features = new LinkedHashSet<>();
        for (StoredRequest r : active) {
            if (BatchPlanner.decode(r) instanceof ForgetRequest.Feature f) {
                features.add(f.name());
            }
        }
        BatchWork work = new BatchWork(batch, active, ids, records, features);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (ModelInfo listed : registry.models().list()) {
            tasks.add(() -> {
                // one worker at a time forgets in a model (several may share a registry): read its current version under the lock
                try (ModelStore.ModelLock lock = registry.models().lock(listed.name())) {
                    ModelInfo m = registry.models().get(listed.name());
                    VersionInfo current = registry.models().version(m.name(), m.currentVersion());
                    if (touches(m, current, work)) {
                        try {
                            failed.compareAndSet(false, applyTo(m, current, work));
                        } catch (RuntimeException | Error e) {
                            cache.evict(m.name());
                            throw e;
                        }
                    }
                }
                return null;
            });
        }
        runAll(tasks);
        return failed.get();
    }

    /** Whether the batch asks anything of the model's current version (not if it applied the batch already, before a restart). */
    private boolean touches(ModelInfo m, VersionInfo current, BatchWork work) {
        if (current.batchId() != null && current.batchId() == work.batch()) {
            return false;
        }
        boolean featureHit = work.features().stream()
                .anyMatch(f -> registry.datasets().get(m.datasetId()).schema().indexOf(f) >= 0);
        return featureHit || current.lineage().intersects(work.records());
    }

    /** Runs the models' work side by side; rethrows the first failure once all have finished. */
    private void runAll(List<Callable<Void>> tasks) {
        if (tasks.size() == 1) {
            try {
                tasks.get(0).call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> t : tasks) {
            futures.add(pool.submit(t));
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

    /** Forgets the batch in one model and stores its new version; returns whether it failed a request. */
    private boolean applyTo(ModelInfo m, VersionInfo current, BatchWork work) {
        UnlearnableModel model = cache.load(m.name(), current.version());
        Lineage live = current.lineage();
        List<JointForget.Done> done = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Optional<JointForget.Joint> joint = work.features().isEmpty()
                ? JointForget.forget(model, JointForget.shares(work.requests().stream().map(StoredRequest::id).toList(),
                        work.planned(), live))
                : Optional.empty();
        if (joint.isPresent()) {
            done.addAll(joint.get().done());
            live = live.andNot(joint.get().forgotten());
        }
        for (StoredRequest r : joint.isPresent() ? List.<StoredRequest>of() : work.requests()) {
            ForgetRequest request = BatchPlanner.decode(r);
            try {
                if (request instanceof ForgetRequest.Feature f) {
                    if (model.schema().indexOf(f.name()) >= 0 && !model.history().features().contains(f.name())) {
                        done.add(new JointForget.Done(r.id(), model.forget(f)));
                    }
                    continue;
                }
                Lineage ids = Lineage.of(work.planned().getOrDefault(r.id(), new long[0])).and(live);
                if (!ids.isEmpty()) {
                    Set<Long> set = new TreeSet<>();
                    for (long id : ids.toArray()) {
                        set.add(id);
                    }
                    done.add(new JointForget.Done(r.id(), model.forget(new ForgetRequest.Records(set))));
                    live = live.andNot(ids);
                }
            } catch (LetheException e) {
                if (e.kind() == LetheException.Kind.UNAVAILABLE) {
                    throw e; // a temporary failure is not the request's: the batch stays planned and is carried out later
                }
                failures.put(r.id(), "model '" + m.name() + "': " + e.getMessage());
            }
        }
        log.step("forget " + m.name() + " (" + done.size() + ")");
        faults.reached(Step.FORGET);
        Optional<String> retrain = RetrainPolicy.budgetReason(done.stream().map(JointForget.Done::receipt).toList());
        if (retrain.isEmpty() && m.hasAccuracyGuard()) {
            Dataset heldOut = registry.datasets().load(m.datasetId(), m.holdout().andNot(work.records()));
            if (heldOut.size() > 0) { // every held-out record forgotten: nothing left to measure
                double now = Evaluation.of(model, heldOut).headline();
                retrain = RetrainPolicy.accuracyReason(m.baselineAccuracy(), now, m.accuracyMargin());
            }
        }
        String cause = "forget";
        if (retrain.isPresent()) {
            Dataset remaining = registry.datasets().load(m.datasetId(), live);
            model = ModelFamilies.byName(m.family()).learner(m.settings(), m.seed()).fit(remaining);
            model.recordSource(Map.of("dataset", registry.datasets().get(m.datasetId()).name()));
            cause = "retrain";
        }
        store(m, current, work.batch(), model, live, cause, retrain, joint, done, failures);
        return !failures.isEmpty();
    }

    /**
     * Stores the model's new version with the requests' receipts: a joint forget's as one row for the
     * model and batch ({@link dev.lethe.store.RequestStore#addBatchModelReceipt}), requests forgotten one
     * by one as a row each.
     */
    private void store(ModelInfo m, VersionInfo current, long batch, UnlearnableModel model, Lineage live, String cause,
                       Optional<String> retrain, Optional<JointForget.Joint> joint, List<JointForget.Done> done,
                       Map<String, String> failures) {
        byte[] bytes = ModelStore.encode(model);
        log.step("encode " + m.name() + " " + bytes.length / 1024 + " KiB");
        int version = registry.database().transaction(c -> {
            int v = registry.models().addVersion(c, m.name(), current.version(),
                    new NewVersion(bytes, model.stateDigest(), live, cause, batch));
            if (joint.isPresent()) {
                registry.requests().addBatchModelReceipt(c, m.name(), v, batch, joint.get().common(), joint.get().shares());
            } else {
                registry.requests().addModelReceipts(c, m.name(), v,
                        done.stream().map(d -> Map.entry(d.requestId(), d.receipt())).toList());
            }
            if (retrain.isPresent()) {
                registry.models().addEvent(c, new ModelEvent(m.name(), v, "retrain", retrain.get(), batch, clock.instant()));
            }
            for (Map.Entry<String, String> f : failures.entrySet()) {
                registry.requests().fail(c, f.getKey(), f.getValue());
            }
            return v;
        });
        cache.put(m.name(), version, model);
        log.step("store " + m.name());
        faults.reached(Step.STORE);
    }
}
