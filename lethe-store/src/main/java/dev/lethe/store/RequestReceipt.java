package dev.lethe.store;

import java.time.Instant;
import java.util.List;

/**
 * The receipt of a completed forget request: what was asked (as a summary without personal data),
 * when it was received, due and completed, how many stored records were erased from which datasets,
 * and each model's own receipt. A request that reached no record has an empty receipt.
 */
public record RequestReceipt(String requestId, String kind, String summary, Instant receivedAt, Instant dueAt,
                             Instant completedAt, long batchId, int recordsErased, List<String> datasets,
                             List<ModelReceipt> models) {

    public RequestReceipt {
        datasets = List.copyOf(datasets);
        models = List.copyOf(models);
    }

    public boolean isEmpty() {
        return recordsErased == 0 && models.isEmpty();
    }
}
