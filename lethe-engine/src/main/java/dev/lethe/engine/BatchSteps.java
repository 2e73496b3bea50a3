package dev.lethe.engine;

import dev.lethe.store.BatchState;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestState;
import dev.lethe.store.RequestStore;
import dev.lethe.store.StoredRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state machine of a planned batch: {@link BatchState#PLANNED} → APPLIED (the models forgot and
 * their older versions are purged) → ERASED (the records deleted from the stored datasets) →
 * RECEIPTED (data outside the registry erased by the {@link ErasureTarget}s, then one receipt per
 * request) → DONE (receipts delivered, requests finished). Each step
 * commits its effect together with the batch's new state, so a worker killed anywhere resumes from
 * the last committed step, and every step is safe to repeat.
 */
final class BatchSteps {

    private final Registry registry;
    private final ModelUpdater models;
    private final SubjectIndex subjects;
    private final Worker.Config config;
    private final StepLog log;
    private final BatchLeases leases;

    BatchSteps(Registry registry, ModelUpdater models, SubjectIndex subjects, Worker.Config config, StepLog log,
               BatchLeases leases) {
        this.leases = leases;
        this.registry = registry;
        this.models = models;
        this.subjects = subjects;
        this.config = config;
        this.log = log;
    }

    /** Carries the batch from its committed state to DONE; returns the requests it completed. */
    int run(long batch) {
        BatchState state = registry.requests().batchState(batch);
        Map<String, List<Located>> planned = registry.requests().plannedRecords(batch);
        List<StoredRequest> requests = registry.requests().batchRequests(batch);
        log.step("load batch " + batch);
        if (state == BatchState.PLANNED) {
            if (apply(batch, requests, planned)) {
                requests = registry.requests().batchRequests(batch); // a model failed some: their state is FAILED now
            }
            state = BatchState.APPLIED;
        }
        if (state == BatchState.APPLIED) {
            erase(batch, requests, planned);
            state = BatchState.ERASED;
        }
        List<StoredRequest> live = requests.stream().filter(r -> r.state() != RequestState.FAILED).toList();
        Receipted written = null;
        if (state == BatchState.ERASED) {
            written = receipts(batch, live, planned);
            state = BatchState.RECEIPTED;
        }
        if (state == BatchState.RECEIPTED) {
            deliver(batch, live, planned, written);
            return live.size();
        }
        return 0;
    }

    /**
     * The receipt headers this worker committed for a batch, and when: what {@link #deliver} would otherwise
     * read back from the registry (a batch resumed at RECEIPTED still reads them there).
     */
    private record Receipted(Map<String, RequestStore.ReceiptHeader> headers, Instant at) {

        /** The request's receipt as {@link RequestStore#batchReceipts} reads it back (times in milliseconds, datasets one a line). */
        RequestReceipt of(StoredRequest r, long batch, List<ModelReceipt> models) {
            RequestStore.ReceiptHeader h = headers.get(r.id());
            if (h == null) {
                throw new IllegalStateException("no receipt for " + r.id());
            }
            String datasets = String.join("\n", h.datasets());
            return new RequestReceipt(r.id(), r.kind(), r.summary(), r.receivedAt(), r.dueAt(), Instant.ofEpochMilli(at.toEpochMilli()),
                    batch, h.recordsErased(), datasets.isEmpty() ? List.of() : List.of(datasets.split("\n")), models);
        }
    }

    /** Forgets the batch in the models and purges their older versions; returns whether a model failed some requests. */
    private boolean apply(long batch, List<StoredRequest> requests, Map<String, List<Located>> planned) {
        boolean failed = models.apply(batch, requests, planned);
        registry.database().transaction(c -> {
            for (ModelInfo m : registry.models().list()) {
                registry.models().purgeOlderVersions(c, m.name());
            }
            registry.requests().advance(c, batch, BatchState.PLANNED, BatchState.APPLIED, leases.fresh());
            return null;
        });
        log.step("purge");
        config.faults().reached(Step.PURGE);
        return failed;
    }

    private void erase(long batch, List<StoredRequest> requests, Map<String, List<Located>> planned) {
        Set<String> failed = new HashSet<>();
        requests.stream().filter(r -> r.state() == RequestState.FAILED).forEach(r -> failed.add(r.id()));
        List<Located> erased = planned.entrySet().stream().filter(e -> !failed.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).toList();
        long[] ids = erased.stream().mapToLong(Located::recordId).distinct().sorted().toArray();
        try {
            registry.database().transaction(c -> {
                registry.datasets().erase(c, ids);
                registry.requests().advance(c, batch, BatchState.APPLIED, BatchState.ERASED, leases.fresh());
                return null;
            });
        } catch (RuntimeException e) {
            subjects.invalidate();
            throw e;
        }
        Map<String, List<Located>> ofSubjects = new HashMap<>();
        List<Located> others = new ArrayList<>();
        Map<String, StoredRequest> byId = new HashMap<>();
        requests.forEach(r -> byId.put(r.id(), r));
        planned.forEach((id, records) -> {
            StoredRequest r = byId.get(id);
            if (failed.contains(id)) {
                return;
            }
            if (r != null && BatchPlanner.decode(r) instanceof dev.lethe.model.ForgetRequest.Subject s) {
                ofSubjects.computeIfAbsent(s.subjectId(), k -> new ArrayList<>()).addAll(records);
            } else {
                others.addAll(records);
            }
        });
        subjects.erased(ofSubjects, others);
        log.step("erase");
        config.faults().reached(Step.ERASE);
    }

    private Receipted receipts(long batch, List<StoredRequest> live, Map<String, List<Located>> planned) {
        Map<Long, String> names = new HashMap<>();
        List<DatasetInfo> datasets = registry.datasets().list();
        for (DatasetInfo d : datasets) {
            names.put(d.id(), d.name());
        }
        Map<String, List<ErasureTarget.Erased>> outside = eraseOutside(batch, live, datasets);
        List<RequestStore.ReceiptHeader> headers = new ArrayList<>();
        for (StoredRequest r : live) {
            List<Located> records = planned.getOrDefault(r.id(), List.of());
            Set<String> touched = new TreeSet<>();
            records.forEach(l -> touched.add(names.get(l.datasetId())));
            int count = records.size();
            for (ErasureTarget.Erased e : outside.getOrDefault(r.id(), List.of())) {
                count += e.records();
                touched.addAll(e.datasets());
            }
            headers.add(new RequestStore.ReceiptHeader(r.id(), count, List.copyOf(touched)));
        }
        Instant at = config.clock().instant();
        registry.database().transaction(c -> {
            registry.requests().addReceipts(c, batch, headers, at);
            registry.requests().advance(c, batch, BatchState.ERASED, BatchState.RECEIPTED, leases.fresh());
            return null;
        });
        log.step("receipts");
        config.faults().reached(Step.RECEIPT);
        Map<String, RequestStore.ReceiptHeader> byId = new HashMap<>();
        headers.forEach(h -> byId.put(h.requestId(), h));
        return new Receipted(byId, at);
    }

    /** Runs the {@link ErasureTarget}s (data the home registers but does not store) over the batch's live requests. */
    private Map<String, List<ErasureTarget.Erased>> eraseOutside(long batch, List<StoredRequest> live,
                                                                 List<DatasetInfo> datasets) {
        Map<String, List<ErasureTarget.Erased>> out = new HashMap<>();
        if (live.isEmpty()) {
            return out;
        }
        for (DatasetInfo d : datasets) {
            String kind = ErasureTarget.kindOf(d);
            if (kind != null && ErasureTarget.ALL.find(kind).isEmpty()) {
                // a request marked done while the rows stay in the lake would be a false receipt
                throw new dev.lethe.model.UnavailableException("dataset " + dev.lethe.model.LetheException.quote(d.name())
                        + " is held outside the registry (" + kind + ") and no erasure target for it is on the class path; "
                        + "run the worker where it is (for a lake dataset: ./lethe spark worker)");
            }
        }
        Map<String, dev.lethe.model.ForgetRequest> requests = new java.util.LinkedHashMap<>();
        live.forEach(r -> requests.put(r.id(), BatchPlanner.decode(r)));
        for (ErasureTarget target : ErasureTarget.ALL.all()) {
            target.erase(registry, batch, requests).forEach((id, e) -> out.computeIfAbsent(id, k -> new ArrayList<>()).add(e));
            log.step("erase " + target.name());
        }
        return out;
    }

    /** Hands the batch's receipts to the sink ({@code written}: the headers this worker committed, else read back), then marks it done. */
    private void deliver(long batch, List<StoredRequest> live, Map<String, List<Located>> planned, Receipted written) {
        if (config.sink() != ReceiptSink.NONE) {
            Map<String, StoredRequest> byId = new HashMap<>();
            live.forEach(r -> byId.put(r.id(), r));
            List<RequestReceipt> receipts = written == null ? readReceipts(batch, live, byId) : new ArrayList<>(live.size());
            if (written != null) {
                Map<String, List<ModelReceipt>> models = registry.requests().modelReceiptsOf(live);
                for (StoredRequest r : live) {
                    receipts.add(written.of(r, batch, models.get(r.id())));
                }
            }
            log.step("read receipts " + receipts.size());
            config.sink().recordBatch(receipts, new ReceiptSink.Batch(batch, byId, planned));
            log.step("deliver");
        }
        config.faults().reached(Step.DELIVER);
        registry.database().transaction(c -> {
            registry.requests().markDelivered(c, batch, config.clock().instant());
            registry.requests().finishRequests(c, batch, config.clock().instant());
            registry.requests().advance(c, batch, BatchState.RECEIPTED, BatchState.DONE, leases.fresh());
            return null;
        });
        log.step("done");
        // erased rows, purged versions and replaced payloads leave the files too: now, or coalesced over a backlog
        registry.scrubAfterErasure(registry.requests().anyWaiting());
        log.step("scrub (or its deferral)");
        config.faults().reached(Step.DONE);
    }

    /** The receipts of a batch resumed after its receipts were committed, read back from the registry in request order. */
    private List<RequestReceipt> readReceipts(long batch, List<StoredRequest> live, Map<String, StoredRequest> byId) {
        Map<String, RequestReceipt> all = registry.requests().batchReceipts(batch, byId);
        List<RequestReceipt> receipts = new ArrayList<>(live.size());
        for (StoredRequest r : live) {
            RequestReceipt receipt = all.get(r.id());
            if (receipt == null) {
                throw new IllegalStateException("no receipt for " + r.id());
            }
            receipts.add(receipt);
        }
        return receipts;
    }
}
