package dev.lethe.store;

import dev.lethe.model.ForgetReceipt;

/** What one model did for one request: the family's receipt and the model version that resulted. */
public record ModelReceipt(String requestId, String modelName, int version, ForgetReceipt receipt) {
}
