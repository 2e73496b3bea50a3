package dev.lethe.privacy.compare;

import java.util.List;

/**
 * Everything {@code lethe privacy compare} measured on one dataset.
 *
 * @param dataset        where the data came from
 * @param rows           rows used (after {@link CompareOptions#rows})
 * @param features       features per row
 * @param trainRows      rows each target model trains on (the rest are held out)
 * @param heldOutRows    held-out rows: the non-members of the attack and the accuracy test set
 * @param auditedRecords training records the attack is scored on, and exact unlearning forgets
 * @param totalMillis    wall time of the whole comparison
 */
public record ComparisonResult(String dataset, int rows, int features, int trainRows, int heldOutRows, int auditedRecords,
                               CompareOptions options, List<ConfigurationResult> results, long totalMillis) {

    public ComparisonResult {
        results = List.copyOf(results);
    }

    public ConfigurationResult result(Configuration.Kind kind) {
        return results.stream().filter(r -> r.configuration().kind() == kind).findFirst().orElseThrow();
    }
}
