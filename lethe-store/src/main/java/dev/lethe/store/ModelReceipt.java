package dev.lethe.store;

import dev.lethe.model.ForgetReceipt;

/** What one model did for one request: the family's receipt and the model version that resulted. */
public record ModelReceipt(String requestId, String modelName, int version, ForgetReceipt receipt) {

    /**
     * How many requests the model forgot in the same call as this one (1 when alone): a worker forgets
     * a batch in one call per model, so time and digests are the batch's, the records this request's.
     */
    public int batchRequests() {
        String n = receipt.details().get("batch_requests");
        return n == null ? 1 : Integer.parseInt(n);
    }
}
