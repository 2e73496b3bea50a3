package dev.lethe.engine;

import dev.lethe.data.Attribute;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.DatasetStore.Located;
import dev.lethe.store.Registry;
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

    BatchPlanner(Registry registry, SubjectIndex subjects, int maxBatch) {
        this.registry = registry;
        this.subjects = subjects;
        this.maxBatch = maxBatch;
    }

    /** Plans a new batch; returns its ID, or {@code null} when no request is waiting. */
    Long plan() {
        List<DatasetInfo> datasets = registry.datasets().list();
        if (!registry.requests().anyWaiting()) {
            return null;
        }
        subjects.refresh(datasets);
        return registry.database().transaction(c -> {
            if (registry.requests().pending(c, 1).isEmpty()) {
                return null;
            }
            long id = registry.requests().createBatch(c);
            List<StoredRequest> claimed = registry.requests().claim(c, id, maxBatch);
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
