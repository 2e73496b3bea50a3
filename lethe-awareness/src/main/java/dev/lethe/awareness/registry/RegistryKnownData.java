package dev.lethe.awareness.registry;

import dev.lethe.awareness.code.KnownData;
import dev.lethe.awareness.pii.ColumnFinding;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.Registry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data sources named in code matched to the home's datasets by file name (a script reading
 * {@code data/customers.csv} reads the dataset imported from {@code customers.csv}), with the
 * datasets' column tags and whether a registered model was trained on them.
 */
public final class RegistryKnownData implements KnownData {

    private final Map<String, Known> byFile = new LinkedHashMap<>();

    public RegistryKnownData(Registry registry) {
        PersonalDataRegistry pii = new PersonalDataRegistry(registry);
        List<ModelInfo> models = registry.models().list();
        for (DatasetInfo d : registry.datasets().list()) {
            String file = DatasetSource.fileName(d);
            if (file == null) {
                continue;
            }
            Map<String, List<String>> tags = new LinkedHashMap<>();
            for (String column : pii.columnsOf(d)) {
                tags.put(column, List.of());
            }
            pii.effective(d.id()).ifPresent(r -> {
                for (ColumnFinding c : r.columns()) {
                    tags.put(c.column(), c.types().stream().map(t -> t.type().label()).toList());
                }
            });
            boolean modelled = models.stream().anyMatch(m -> m.datasetId() == d.id());
            byFile.putIfAbsent(file, new Known(d.name(), tags, modelled));
        }
    }

    @Override
    public Optional<Known> lookup(String source) {
        String name;
        try {
            name = Path.of(source.replace("hdfs://", "").replace("s3://", "")).getFileName().toString();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(byFile.get(name));
    }

}
