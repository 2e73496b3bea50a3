package dev.lethe.engine;

import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.ModelStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models a worker keeps in memory between batches, each with the version it is, so a batch
 * does not load (and resolve the training records of) every model it touches. A model that fails
 * while applying a batch is evicted, since it may be half-changed; a version that moved on in the
 * registry is loaded afresh.
 */
final class ModelCache {

    /** A cached model and the stored version it equals. */
    record Entry(int version, UnlearnableModel model) {
    }

    private final ModelStore store;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ModelCache(ModelStore store) {
        this.store = store;
    }

    /** The model at {@code version}: the cached one when it is that version, else loaded from the registry. */
    UnlearnableModel load(String name, int version) {
        Entry e = entries.get(name);
        if (e != null && e.version() == version) {
            return e.model();
        }
        entries.remove(name);
        return store.load(name, version);
    }

    void put(String name, int version, UnlearnableModel model) {
        entries.put(name, new Entry(version, model));
    }

    void evict(String name) {
        entries.remove(name);
    }

    /** A snapshot of what is cached, by model name. */
    Map<String, Entry> entries() {
        return Map.copyOf(entries);
    }

    Optional<Entry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }
}
