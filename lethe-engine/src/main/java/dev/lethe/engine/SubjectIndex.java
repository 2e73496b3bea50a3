package dev.lethe.engine;

import dev.lethe.store.DatasetInfo;
import dev.lethe.store.DatasetStore;
import dev.lethe.store.DatasetStore.Located;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker's in-memory map from subject to stored records, so planning a batch of subject
 * requests costs no database lookups. It is a cache of the registry, never the truth: built by one
 * scan, rebuilt whenever the set of datasets changes (an import), and told about each erasure. Only
 * the worker erases records, and one worker runs per registry, so it cannot go stale otherwise; a
 * restarted worker builds it afresh.
 */
final class SubjectIndex {

    private final DatasetStore datasets;
    private Set<Long> builtFor = Set.of();
    private Map<String, List<Located>> bySubject;

    SubjectIndex(DatasetStore datasets) {
        this.datasets = datasets;
    }

    /** Brings the index up to date with the datasets now in the registry (listed before scanning, so none is missed). */
    void refresh(List<DatasetInfo> current) {
        Set<Long> ids = new HashSet<>();
        current.forEach(d -> ids.add(d.id()));
        if (bySubject == null || !ids.equals(builtFor)) {
            bySubject = datasets.recordsBySubject();
            builtFor = ids;
        }
    }

    List<Located> recordsOf(String subject) {
        return bySubject.getOrDefault(subject, List.of());
    }

    /**
     * Drops erased records: a subject request's records (all of them the subject's, as this index
     * planned them) by looking the subject up, any other record by a scan of the whole index.
     *
     * @param bySubject the erased records of the batch's subject requests, by subject
     * @param others    the batch's other erased records
     */
    void erased(Map<String, List<Located>> bySubject, Collection<Located> others) {
        if (this.bySubject == null) {
            return;
        }
        bySubject.forEach((subject, records) -> {
            List<Located> held = this.bySubject.get(subject);
            if (held != null) {
                List<Located> left = new ArrayList<>(held);
                left.removeAll(records);
                if (left.isEmpty()) {
                    this.bySubject.remove(subject);
                } else {
                    this.bySubject.put(subject, left);
                }
            }
        });
        if (others.isEmpty()) {
            return;
        }
        Set<Long> gone = new HashSet<>();
        others.forEach(r -> gone.add(r.recordId()));
        this.bySubject.replaceAll((s, list) -> list.stream().anyMatch(r -> gone.contains(r.recordId()))
                ? new ArrayList<>(list.stream().filter(r -> !gone.contains(r.recordId())).toList()) : list);
        this.bySubject.values().removeIf(List::isEmpty);
    }

    /** Forgets everything; the next {@link #refresh} rebuilds it. */
    void invalidate() {
        bySubject = null;
    }
}
