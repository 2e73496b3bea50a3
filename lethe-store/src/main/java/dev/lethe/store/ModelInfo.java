package dev.lethe.store;

import java.time.Instant;
import java.util.Map;

/**
 * A named model in the registry: how it is trained (family, dataset, settings, seed), which version
 * is current, and its retraining guard (records held out for measuring accuracy, the accuracy
 * measured at training time, and how far it may fall before the model is retrained).
 *
 * @param holdout          held-out records, or {@code null} when the model has no accuracy guard
 * @param baselineAccuracy accuracy on the held-out records at training time, or {@code null}
 * @param accuracyMargin   the largest tolerated fall in held-out accuracy, or {@code null}
 */
public record ModelInfo(String name, String family, long datasetId, Map<String, String> settings, long seed,
                        int currentVersion, Lineage holdout, Double baselineAccuracy, Double accuracyMargin,
                        Instant createdAt) {

    public ModelInfo {
        settings = Map.copyOf(settings);
    }

    public boolean hasAccuracyGuard() {
        return holdout != null && baselineAccuracy != null && accuracyMargin != null;
    }
}
