package dev.lethe.model;

import dev.lethe.data.Dataset;
import java.util.Map;
import java.util.Set;

/**
 * What a model has forgotten: records, features, and corrected targets. Applying it to the
 * training data gives the set D \ S that retraining from scratch must use.
 */
public record ForgetHistory(Set<Long> records, Set<String> features, Map<Long, Double> relabels) {

    public ForgetHistory {
        records = Set.copyOf(records);
        features = Set.copyOf(features);
        relabels = Map.copyOf(relabels);
    }

    public boolean isEmpty() {
        return records.isEmpty() && features.isEmpty() && relabels.isEmpty();
    }

    /** The training data as retraining would see it: forgotten records and features removed, targets corrected. */
    public Dataset applyTo(Dataset data) {
        Dataset d = data.withoutRecords(records::contains);
        if (!features.isEmpty()) {
            d = d.withoutFeatures(features);
        }
        if (!relabels.isEmpty()) {
            d = d.withTargets(relabels);
        }
        return d;
    }
}
