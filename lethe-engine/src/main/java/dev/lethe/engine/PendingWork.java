package dev.lethe.engine;

import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.ModelStore;
import dev.lethe.store.VersionInfo;
import java.util.Map;

/**
 * Settles idle models: does the work the cached models deferred past their forgets (a forest's
 * pending subtrees) and stores each settled model over its current version. The state is the same
 * (same state digest, lineage and receipts), but the artifact predicts without retraining anything
 * first. A version that changed meanwhile is left as it is.
 */
final class PendingWork {

    private final ModelStore models;
    private final ModelCache cache;
    private final StepLog log;

    PendingWork(ModelStore models, ModelCache cache, StepLog log) {
        this.models = models;
        this.cache = cache;
        this.log = log;
    }

    /** Returns how many model versions were settled. */
    int settle() {
        int settled = 0;
        for (Map.Entry<String, ModelCache.Entry> e : cache.entries().entrySet()) {
            UnlearnableModel model = e.getValue().model();
            if (!model.settlePendingWork()) {
                continue;
            }
            String name = e.getKey();
            int version = e.getValue().version();
            VersionInfo stored = models.version(name, version);
            if (stored.isPurged() || !stored.stateDigest().equals(model.stateDigest())) {
                continue;
            }
            if (models.replaceArtifact(name, version, stored.sha256(), model.stateDigest(), ModelStore.encode(model))) {
                settled++;
                log.step("settle " + name + " v" + version);
            }
        }
        return settled;
    }
}
