package dev.lethe.engine;

import dev.lethe.data.Attribute;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.BatchLease;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.Dialect;
import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestStore;
import dev.lethe.store.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first step of a batch: claims the oldest submitted requests and resolves each to the stored
 * records it covers (subjects through the in-memory {@link SubjectIndex}, record IDs and classes
 * through the registry), committing the batch and its planned records in one transaction.
 */
final class BatchPlanner {

    private final Registry registry;
    private final SubjectIndex subjects;
    private final int maxBatch;
    private final boolean shared;

    BatchPlanner(Registry registry, SubjectIndex subjects, int maxBatch) {
        this.shared = registry.database().dialect() == Dialect.POSTGRESQL;
        this.registry = registry;
        this.subjects = subjects;
        this.maxBatch = maxBatch;
    }

    /** Plans a new batch held by {@code lease}; returns its ID, or {@code null} when no request is waiting. */
    Long plan(BatchLease lease) {
        List<DatasetInfo> datasets = registry.datasets().list();
        if (!registry.requests().anyWaiting()) {
            return null;
        }
        if (!shared) {
            subjects.refresh(datasets);
        }
        return registry.database().transaction(c -> {
            if (!RequestStore.anyWaiting(c)) {
                return null;
            }
            long id = registry.requests().createBatch(c, lease);
            List<StoredRequest> claimed = registry.requests().claim(c, id, maxBatch);
            if (claimed.isEmpty()) { // another worker took the waiting requests meanwhile
                registry.requests().dropEmptyBatch(c, id);
                return null;
            }
            Map<String, ForgetRequest> decoded = new LinkedHashMap<>();
            List<String> subjectIds = new ArrayList<>();
            for (StoredRequest r : claimed) {
                ForgetRequest request = decode(r);
                decoded.put(r.id(), request);
                if (request instanceof ForgetRequest.Subject s) {
                    subjectIds.add(s.subjectId());
                }
            }
            // a shared registry's records are erased by other workers too: look subjects up in it, not in this worker's index
            Map<String, List<Located>> bySubject = shared ? registry.datasets().recordsOfSubjects(c, subjectIds) : null;
            Map<String, List<Located>> planned = new LinkedHashMap<>();
            for (Map.Entry<String, ForgetRequest> e : decoded.entrySet()) {
                ForgetRequest request = e.getValue();
                planned.put(e.getKey(), request instanceof ForgetRequest.Subject s
                        ? (shared ? bySubject.getOrDefault(s.subjectId(), List.of()) : subjects.recordsOf(s.subjectId()))
                        : resolve(c, request, datasets));
            }
            registry.requests().addPlannedRecords(c, id, planned);
            return id;
        });
    }

    /** Builds the subject index now rather than at the next plan (an embedded registry's worker keeps one). */
    void refreshSubjects() {
        if (!shared) {
            subjects.refresh(registry.datasets().list());
        }
    }

    static ForgetRequest decode(StoredRequest r) {
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
}
