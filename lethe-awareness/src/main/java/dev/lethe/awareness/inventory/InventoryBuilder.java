package dev.lethe.awareness.inventory;

import dev.lethe.awareness.code.TrainingSite;
import dev.lethe.awareness.pii.ColumnFinding;
import dev.lethe.awareness.pii.PiiType;
import dev.lethe.awareness.pii.ScanReport;
import dev.lethe.awareness.pii.TypeEvidence;
import dev.lethe.awareness.registry.DatasetSource;
import dev.lethe.awareness.registry.PersonalDataRegistry;
import dev.lethe.data.Schema;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.DatasetStore;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.Registry;
import dev.lethe.store.StoredRequest;
import dev.lethe.store.VersionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the inventory from a registry: datasets' column tags (users' tags win), models and their live versions, requests. */
public final class InventoryBuilder {

    private InventoryBuilder() {
    }

    public static Inventory build(Registry registry, List<TrainingSite> codeSites) {
        PersonalDataRegistry pii = new PersonalDataRegistry(registry);
        Map<String, List<DatasetStore.Located>> bySubject = registry.datasets().recordsBySubject();
        List<StoredRequest> requests = registry.requests().list(false, Instant.now(), Integer.MAX_VALUE);
        // each batch's receipt rows read once, not once per request (they hold every request's share)
        Map<String, List<ModelReceipt>> receipts = registry.requests().modelReceiptsOf(requests);
        List<Inventory.ModelEntry> models = new ArrayList<>();
        for (ModelInfo m : registry.models().list()) {
            DatasetInfo d = registry.datasets().get(m.datasetId());
            Map<String, String> source = DatasetSource.of(d);
            Map<String, List<String>> types = columnTypes(pii.effective(d.id()));
            List<String> trained = trainedColumns(d.schema());
            Map<String, List<String>> personal = new LinkedHashMap<>();
            Map<String, List<String>> dropped = new LinkedHashMap<>();
            List<String> special = new ArrayList<>();
            types.forEach((column, t) -> {
                if (t.isEmpty()) {
                    return;
                }
                if (trained.contains(column)) {
                    personal.put(column, t);
                    t.stream().filter(x -> PiiType.parse(x).specialCategory() && !special.contains(x)).forEach(special::add);
                } else if (!column.equals(source.get("subject"))) {
                    dropped.put(column, t);
                }
            });
            for (VersionInfo v : registry.models().versions(m.name())) {
                if (v.isPurged()) {
                    continue;
                }
                int subjects = 0;
                for (List<DatasetStore.Located> records : bySubject.values()) {
                    if (records.stream().anyMatch(l -> v.lineage().contains(l.recordId()))) {
                        subjects++;
                    }
                }
                models.add(new Inventory.ModelEntry(m.name(), v.version(), m.family(), d.name(), trained, personal, dropped,
                        source.get("subject"), special, subjects, v.liveRecords(), guarantee(m.name(), receipts)));
            }
        }
        List<Inventory.RequestEntry> entries = new ArrayList<>();
        for (StoredRequest r : requests) {
            List<String> reached = receipts.get(r.id()).stream().map(x -> x.modelName() + " v" + x.version()).distinct().toList();
            List<String> couldHold = r.kind().equals("subject") ? models.stream().filter(Inventory.ModelEntry::gap)
                    .map(Inventory.ModelEntry::model).distinct().toList() : List.of();
            entries.add(new Inventory.RequestEntry(r.id(), r.kind(), r.state().name().toLowerCase(java.util.Locale.ROOT), reached,
                    couldHold));
        }
        return new Inventory(models, entries, codeSites);
    }

    /** The features and the target: what a model of this dataset was trained on. */
    static List<String> trainedColumns(Schema schema) {
        List<String> out = new ArrayList<>(schema.featureNames());
        out.add(schema.target().name());
        return out;
    }

    private static Map<String, List<String>> columnTypes(Optional<ScanReport> report) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        report.ifPresent(r -> {
            for (ColumnFinding c : r.columns()) {
                out.put(c.column(), c.types().stream().filter(t -> t.confidence() >= TypeEvidence.REPORTED)
                        .map(t -> t.type().label()).toList());
            }
        });
        return out;
    }

    private static String guarantee(String model, Map<String, List<ModelReceipt>> receipts) {
        Map<Integer, String> latest = new HashMap<>();
        receipts.values().forEach(list -> list.stream().filter(r -> r.modelName().equals(model))
                .forEach(r -> latest.put(r.version(), r.receipt().guarantee().toString())));
        return latest.isEmpty() ? "no forget yet" : latest.get(latest.keySet().stream().max(Integer::compare).orElseThrow());
    }
}
